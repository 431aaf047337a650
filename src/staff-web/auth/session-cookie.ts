import { randomBytes } from 'node:crypto';
import type { CookieSerializeOptions } from '@fastify/cookie';

export const SESSION_COOKIE = 'htx_staff';

/** 256 random bits: the only thing the browser holds. */
export const newSessionId = (): string => randomBytes(32).toString('base64url');

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure behind https,
 * limited to the console's paths.
 */
export function sessionCookieOptions(): CookieSerializeOptions {
  // 'auto': Secure when the request came over https (directly, or through a proxy Fastify trusts).
  return { path: '/staff', httpOnly: true, sameSite: 'strict', secure: 'auto' };
}
