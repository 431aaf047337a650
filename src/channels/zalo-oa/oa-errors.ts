import { DeliveryError } from '../../delivery/errors.js';

/**
 * How the OA API's `error` codes are read. Zalo documents them on developers.zalo.me; the values
 * below are the ones public integrations handle (an assumption to re-check against the live API):
 * -216/-124 the access token is invalid or expired; -32 too many calls; -230/-232 the member is
 * outside the reply window (no message from them in the period, or the messages allowed in it used
 * up); -213 the member unfollowed or blocked the OA; -201/-204 a malformed request.
 */
export type OaFailureKind = 'token' | 'rate-limited' | 'window-closed' | 'blocked' | 'permanent' | 'transient';

const KINDS: Record<number, OaFailureKind> = {
  [-216]: 'token',
  [-124]: 'token',
  [-32]: 'rate-limited',
  [-230]: 'window-closed',
  [-232]: 'window-closed',
  [-213]: 'blocked',
  [-201]: 'permanent',
  [-204]: 'permanent',
};

/** An OA or OAuth call that did not succeed: `code` is the API's error (negative), an HTTP status, or 0 for the network. */
export class ZaloOaError extends Error {
  override name = 'ZaloOaError';
  readonly kind: OaFailureKind;
  constructor(
    readonly call: string,
    readonly code: number,
    description: string,
  ) {
    super(`Zalo OA ${call} failed: ${code} ${description}`);
    this.kind = code < 0 ? (KINDS[code] ?? 'transient') : code === 429 ? 'rate-limited' : code === 0 || code >= 500 || code === 408 ? 'transient' : 'permanent';
  }
}

/**
 * The delivery queue's reading of a failed send: a rate limit pauses the channel, a blocked member
 * is a permanent failure worded as the announcements count it ("403": the member is marked and
 * skipped), a malformed request will not change, anything else is retried.
 */
export function oaDeliveryFailure(error: unknown): Error {
  if (!(error instanceof ZaloOaError)) return error instanceof Error ? error : new Error(String(error));
  switch (error.kind) {
    case 'rate-limited':
      return new DeliveryError(error.message, { retryAfterSeconds: 10 });
    case 'blocked':
      return new DeliveryError(`Zalo OA failed: 403 the member unfollowed or blocked the OA (${error.code})`, { permanent: true });
    case 'permanent':
      return new DeliveryError(error.message, { permanent: true });
    default:
      return new DeliveryError(error.message);
  }
}
