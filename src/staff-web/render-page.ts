import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../conversation/ports.js';
import type { Locale } from '../conversation/session.js';

export const LANG_COOKIE = 'htx_lang';

/** The console's language: the staff member's choice (a cookie), Vietnamese otherwise. */
export const consoleLocale = (request: FastifyRequest): Locale => (request.cookies[LANG_COOKIE] === 'en' ? 'en' : 'vi');

/** What every page and fragment gets besides its own data. */
export interface PageContext {
  t: Translate;
  lang: Locale;
  staff: FastifyRequest['staff'];
  /** For forms (a hidden _csrf field) and htmx (the x-csrf-token header set on <body>). */
  csrf: string;
  path: string;
}

export type PageRenderer = (request: FastifyRequest, reply: FastifyReply, view: string, data?: Record<string, unknown>) => Promise<FastifyReply>;

/** Renders `views/<view>.eta` with the page context. */
export function pageRenderer(translator: (locale: Locale) => Translate): PageRenderer {
  return async (request, reply, view, data = {}) => {
    const lang = consoleLocale(request);
    const context: PageContext = { t: translator(lang), lang, staff: request.staff, csrf: reply.generateCsrf(), path: request.url };
    const html = await reply.viewAsync(`${view}.eta`, { ...context, ...data });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  };
}
