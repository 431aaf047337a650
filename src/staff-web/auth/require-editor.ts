import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../conversation/ports.js';
import type { Locale } from '../../conversation/session.js';
import { consoleLocale } from '../render-page.js';

/** Knowledge-base pages: editors and admins; a staff account gets 403 and a plain sentence in its language. */
export function requireEditor(t: (locale: Locale) => Translate) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const role = request.staff?.role;
    if (role !== 'admin' && role !== 'editor') await reply.status(403).type('text/plain; charset=utf-8').send(t(consoleLocale(request))('console.knowledge.forbidden'));
  };
}
