import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../conversation/ports.js';
import type { Locale } from '../../conversation/session.js';
import { consoleLocale, pageRenderer } from '../render-page.js';

/** A browser asks for HTML; a script (fetch, curl) for anything. */
const wantsPage = (request: FastifyRequest) => /\btext\/html\b/.test(request.headers.accept ?? '') && !request.headers['hx-request'];

/**
 * 403 for a page the staff member's role may not open, with the sentence under `key` in their
 * language: a console page (the menu, the sentence, a link back to the queue) for a browser, the
 * sentence alone as plain text for anything else (a script, an htmx request).
 */
export async function refusePage(t: (locale: Locale) => Translate, request: FastifyRequest, reply: FastifyReply, key: string): Promise<void> {
  const sentence = t(consoleLocale(request))(key);
  reply.status(403);
  if (wantsPage(request)) await pageRenderer(t)(request, reply, 'console-error', { kind: 'forbidden', message: sentence, back: '/staff' });
  else await reply.type('text/plain; charset=utf-8').send(sentence);
}

/** Admin pages: any other account gets 403 and the sentence in its language ({@link refusePage}), never the page. */
export function requireAdmin(t: (locale: Locale) => Translate) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.staff?.role !== 'admin') await refusePage(t, request, reply, 'console.forbidden');
  };
}
