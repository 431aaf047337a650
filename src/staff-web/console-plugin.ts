import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import { fastifySSE } from '@fastify/sse';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Translate } from '../conversation/ports.js';
import type { Locale } from '../conversation/session.js';
import type { HttpServer } from '../http/create-server.js';
import { currentStaff, toLogin } from './auth/current-staff.js';
import { loginRoutes } from './auth/login-routes.js';
import { sessionCookieOptions } from './auth/session-cookie.js';
import { LANG_COOKIE, pageRenderer, type PageRenderer } from './render-page.js';
import type { ConsoleDeps } from './console-deps.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** Scripts served from the app itself: no CDN. */
const vendorFiles: Record<string, string> = {
  'htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
  'echarts.min.js': require.resolve('echarts/dist/echarts.min.js'),
};

const vendorCache: Record<string, Buffer> = {};

/** One part of the console: its routes, registered behind the login. */
export type ConsolePart = (app: FastifyInstance, deps: ConsoleDeps & { render: PageRenderer; t: (locale: Locale) => Translate }) => void;

/**
 * The Alliance's desk at /staff: login, then the pages the parts register. Everything under it
 * needs a session except the login form and the static assets; every POST needs the CSRF token.
 */
export async function registerStaffConsole(http: HttpServer, deps: ConsoleDeps, parts: ConsolePart[]): Promise<void> {
  await http.register(
    async (app) => {
      await app.register(fastifyCookie);
      await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
      await app.register(fastifySSE, { heartbeatInterval: 25_000 });
      await app.register(fastifyCsrf, {
        cookieKey: 'htx_csrf',
        cookieOpts: { ...sessionCookieOptions() },
        getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf ?? (request.headers['x-csrf-token'] as string | undefined),
      });
      await app.register(fastifyView, { engine: { eta: new Eta({ views: join(here, 'views'), autoEscape: true }) }, root: join(here, 'views'), production: true });
      await app.register(fastifyStatic, { root: join(here, 'public'), prefix: '/assets/', decorateReply: false, cacheControl: false, setHeaders: (res) => void res.header('cache-control', 'no-cache') });
      app.get('/assets/vendor/:file', async (request, reply) => {
        const name = (request.params as { file: string }).file;
        const file = vendorFiles[name];
        if (!file) return reply.status(404).send({ error: 'no such file' });
        // Read once: echarts is 1 MB.
        const body = (vendorCache[name] ??= await readFile(file));
        return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(body);
      });

      // Every state-changing request carries the token of a page this server rendered.
      app.addHook('preHandler', (request, reply, done) => (request.method === 'GET' || request.method === 'HEAD' ? done() : app.csrfProtection(request, reply, done)));

      const render = pageRenderer(deps.t);
      // A stale form (CSRF) or too many requests: a page in the staff member's language, not JSON.
      app.setErrorHandler(async (error: FastifyError, request, reply) => {
        const kind = error.statusCode === 429 ? 'tooMany' : error.statusCode === 403 && /csrf/i.test(`${error.code} ${error.message}`) ? 'staleForm' : null;
        if (kind === null || request.headers['hx-request']) throw error;
        const seconds = Number(reply.getHeader('retry-after') ?? 60);
        const back = kind === 'staleForm' && request.url.startsWith('/staff') ? request.url.replace(/\/(reply|note|take|assign|topic|close|reopen|answer|disable|enable|publish|rollback|retire|edit)$/, '') : '/staff';
        return render(request, reply.status(error.statusCode!), 'console-error', { kind, seconds, back: request.url.startsWith('/staff/login') ? '/staff/login' : back });
      });
      loginRoutes(app, { storage: deps.storage, render, perAddress: deps.loginPerAddress, now: deps.now });
      // The page links here with ?next=<its own address> (pages send no Referer): the member of staff stays where they were.
      app.get('/lang/:to', async (request, reply) => {
        const to = (request.params as { to: string }).to === 'en' ? 'en' : 'vi';
        const next = String((request.query as { next?: unknown }).next ?? '');
        const back = /^\/staff(\/|\?|$)/.test(next) && !next.startsWith('//') ? next : '/staff';
        return reply.setCookie(LANG_COOKIE, to, { path: '/staff', sameSite: 'strict', maxAge: 365 * 24 * 3600 }).redirect(back, 303);
      });

      // The pages: a session first.
      await app.register(async (pages) => {
        pages.addHook('onRequest', async (request, reply) => {
          const staff = await currentStaff(request, deps.storage);
          if (!staff) return toLogin(request, reply);
          request.staff = staff;
        });
        for (const part of parts) part(pages, { ...deps, render });
      });
    },
    { prefix: '/staff' },
  );
}
