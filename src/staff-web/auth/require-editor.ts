import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../conversation/ports.js';
import type { Locale } from '../../conversation/session.js';
import { refusePage } from './require-admin.js';

/** Knowledge-base pages: editors and admins; a staff account gets 403 and the sentence in its language (refusePage). */
export function requireEditor(t: (locale: Locale) => Translate) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const role = request.staff?.role;
    if (role !== 'admin' && role !== 'editor') await refusePage(t, request, reply, 'console.knowledge.forbidden');
  };
}
