import type { FastifyReply, FastifyRequest } from 'fastify';

/** Admin pages: a staff account gets 403 and a plain sentence, never the page. */
export async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.staff?.role !== 'admin') await reply.status(403).type('text/plain; charset=utf-8').send(request.cookies['htx_lang'] === 'en' ? 'This page is for administrators.' : 'Trang này chỉ dành cho quản trị viên.');
}
