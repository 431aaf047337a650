import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Storage } from '../../storage/ports.js';
import type { StaffRole } from '../accounts/staff-account.js';
import { CONSOLE_SESSION_IDLE_MS } from './console-sessions.js';
import { SESSION_COOKIE } from './session-cookie.js';

/** Who is asking: the account behind the session cookie. */
export interface StaffUser {
  login: string;
  name: string;
  role: StaffRole;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffUser;
  }
}

/** The logged-in staff member, or undefined (no cookie, session ended or expired, account disabled). */
export async function currentStaff(request: FastifyRequest, storage: Pick<Storage, 'accounts' | 'consoleSessions'>): Promise<StaffUser | undefined> {
  const id = request.cookies[SESSION_COOKIE];
  if (!id || id.length > 100) return undefined;
  const session = await storage.consoleSessions.touch(id, CONSOLE_SESSION_IDLE_MS);
  if (!session) return undefined;
  const account = await storage.accounts.get(session.login);
  if (!account || account.disabled) return undefined;
  return { login: account.login, name: account.name, role: account.role, sessionId: id };
}

/**
 * Without a session: a page goes to the login form (coming back here after), an htmx or other
 * background request gets 401 so the page can say so.
 */
export function toLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.method === 'GET' && !request.headers['hx-request']) {
    const back = request.url.startsWith('/staff') && !request.url.startsWith('/staff/login') ? `?next=${encodeURIComponent(request.url)}` : '';
    return reply.redirect(`/staff/login${back}`, 303);
  }
  return reply.status(401).header('hx-redirect', '/staff/login').send({ error: 'login needed' });
}
