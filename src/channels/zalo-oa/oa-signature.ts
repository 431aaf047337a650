import { createHash, timingSafeEqual } from 'node:crypto';

/** `mac=` + hex SHA-256 of app id + raw body + the body's timestamp + the OA secret key, as Zalo signs webhooks. */
export function oaSignature(appId: string, rawBody: string, timestamp: string, secretKey: string): string {
  return `mac=${createHash('sha256').update(appId + rawBody + timestamp + secretKey).digest('hex')}`;
}

/** True when the X-ZEvent-Signature header is the body's signature (compared in constant time). */
export function oaSignatureMatches(header: string | string[] | undefined, appId: string, rawBody: string, timestamp: string, secretKey: string): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(oaSignature(appId, rawBody, timestamp, secretKey));
  const presented = Buffer.from(header.trim().toLowerCase());
  // Lengths are not secret (always "mac=" and 64 hex digits); a wrong length is refused before the compare.
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
