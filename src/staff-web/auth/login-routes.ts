import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Storage } from '../../storage/ports.js';
import { decoyHash, passwordMatches } from '../accounts/passwords.js';
import type { PageRenderer } from '../render-page.js';
import { CONSOLE_SESSION_IDLE_MS } from './console-sessions.js';
import { currentStaff } from './current-staff.js';
import { accountThrottled, recordFailedLogin } from './login-throttle.js';
import { newSessionId, SESSION_COOKIE, sessionCookieOptions } from './session-cookie.js';

const loginForm = z.object({
  login: z.string().trim().toLowerCase().max(100).default(''),
  password: z.string().max(200).default(''),
  next: z.string().max(500).optional(),
  _csrf: z.string().optional(),
});

/** Only a console path is followed after login: never another site. */
const safeNext = (next: string | undefined) => (next && /^\/staff(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/staff');

export interface LoginDeps {
  storage: Pick<Storage, 'accounts' | 'consoleSessions' | 'counters'>;
  render: PageRenderer;
  /** Per-address limit of login attempts (the route's rate limit). */
  perAddress: { max: number; timeWindow: number };
  now: () => Date;
}

export function loginRoutes(app: FastifyInstance, { storage, render, perAddress, now }: LoginDeps): void {
  app.get('/login', async (request, reply) => {
    if (await currentStaff(request, storage)) return reply.redirect('/staff', 303);
    const next = z.object({ next: z.string().max(500).optional() }).safeParse(request.query);
    return render(request, reply, 'login', { next: safeNext(next.success ? next.data.next : undefined), error: null, login: '' });
  });

  app.post('/login', { config: { rateLimit: perAddress } }, async (request, reply) => {
    const form = loginForm.safeParse(request.body ?? {});
    if (!form.success) return reply.status(400).send({ error: 'login form: login and password expected' });
    const { login, password } = form.data;
    const next = safeNext(form.data.next);
    const refuse = (status: number, error: string) => render(request, reply.status(status), 'login', { next, error, login });
    if (await accountThrottled(storage.counters, login)) {
      request.log.warn({ event: 'staff-login-throttled', login }, 'staff login refused: too many wrong passwords on this account');
      return refuse(429, 'throttled');
    }
    const account = await storage.accounts.get(login);
    // A missing login costs the same argon2 time as a wrong password: the answer tells nothing.
    const ok = await passwordMatches(account?.passwordHash ?? (await decoyHash()), password);
    if (!account || !ok || account.disabled) {
      const failures = await recordFailedLogin(storage.counters, login);
      request.log.warn({ event: 'staff-login-failed', login, failures }, 'staff login refused');
      return refuse(401, 'wrong');
    }
    const id = newSessionId();
    await storage.consoleSessions.create(id, { login: account.login, createdAt: now().toISOString() }, CONSOLE_SESSION_IDLE_MS);
    request.log.info({ event: 'staff-login', login: account.login }, 'staff logged in');
    return reply.setCookie(SESSION_COOKIE, id, { ...sessionCookieOptions(), maxAge: CONSOLE_SESSION_IDLE_MS / 1000 }).redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const staff = await currentStaff(request, storage);
    if (staff) await storage.consoleSessions.delete(staff.sessionId);
    return reply.clearCookie(SESSION_COOKIE, sessionCookieOptions()).redirect('/staff/login', 303);
  });
}
