import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../conversation/ports.js';
import type { Locale } from '../../conversation/session.js';
import { consoleLocale } from '../render-page.js';

/** Admin pages: a staff account gets 403 and a plain sentence in its language, never the page. */
export function requireAdmin(t: (locale: Locale) => Translate) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.staff?.role !== 'admin') await reply.status(403).type('text/plain; charset=utf-8').send(t(consoleLocale(request))('console.forbidden'));
  };
}
