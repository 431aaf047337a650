import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { announcementInputSchema, type Audience } from '../../announcements/announcement.js';
import { TOPICS } from '../../knowledge/topics.js';
import { formatVietnamDateTime } from '../../time/vietnam-time.js';
import { requireAdmin } from '../auth/require-admin.js';
import type { ConsolePart } from '../console-plugin.js';

/** The form as typed, kept when it is refused. */
interface Draft {
  text: string;
  link: string;
  photo: string;
  audience: string;
  topic: string;
  commune: string;
  conference: string;
  when: string;
  at: string;
}

function draftOf(body: unknown): Draft {
  const raw = (body ?? {}) as Record<string, unknown>;
  const field = (name: keyof Draft, max: number) => (typeof raw[name] === 'string' ? (raw[name] as string).slice(0, max) : '');
  return { text: field('text', 4000), link: field('link', 1000), photo: field('photo', 1000), audience: field('audience', 20) || 'all', topic: field('topic', 40), commune: field('commune', 200), conference: field('conference', 100), when: field('when', 10) || 'now', at: field('at', 20) };
}

function audienceOf(d: Draft): Audience | undefined {
  if (d.audience === 'all') return { kind: 'all' };
  const topic = TOPICS.find((t) => t === d.topic);
  if (d.audience === 'topic' && topic) return { kind: 'topic', topic };
  if (d.audience === 'commune' && d.commune.trim()) return { kind: 'commune', commune: d.commune.trim() };
  if (d.audience === 'conference' && d.conference) return { kind: 'conference', conferenceId: d.conference };
  return undefined;
}

/** "2026-12-01T08:00" from a datetime-local field, read as Vietnam time. */
function vietnamLocal(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const at = new Date(`${value}:00+07:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * /staff/announcements (admins): compose an announcement to subscribers, see how many it reaches
 * before sending, send it now or at a time (Vietnam time) or keep it as a draft, cancel it before
 * it starts, and follow its progress (sent / failed / blocked), refreshed by htmx every 2 s. The
 * running bot's sweep does the sending, with the bulk priority.
 */
export const announcementsPart: ConsolePart = (app, deps) => {
  const service = deps.announcements;
  if (!service) return;
  const adminOnly = requireAdmin(deps.t);

  const rows = async () => (await service.list(30)).map((r) => ({ ...r, when: formatVietnamDateTime(r.announcement.startedAt ?? r.announcement.sendAt) }));
  async function page(request: FastifyRequest, reply: FastifyReply, form: { draft?: Draft; problem?: string; done?: string } = {}) {
    return deps.render(request, reply, 'announcements', {
      draft: form.draft ?? draftOf({}),
      problem: form.problem,
      done: form.done,
      topics: TOPICS,
      conferences: await deps.storage.conferences.list(),
      rows: await rows(),
    });
  }

  app.get('/announcements', { preHandler: adminOnly }, async (request, reply) => {
    const done = (request.query as { done?: unknown }).done;
    return page(request, reply, { done: done === 'created' || done === 'cancelled' ? done : undefined });
  });

  app.get('/announcements/rows', { preHandler: adminOnly }, async (request, reply) => deps.render(request, reply, 'announcements-rows', { rows: await rows() }));

  app.post('/announcements/count', { preHandler: adminOnly }, async (request, reply) => {
    const audience = audienceOf(draftOf(request.body));
    const count = audience ? (await service.audience(audience)).length : undefined;
    return deps.render(request, reply, 'announcements-count', { count });
  });

  app.post('/announcements', { preHandler: adminOnly }, async (request, reply) => {
    const draft = draftOf(request.body);
    const audience = audienceOf(draft);
    if (!audience) return page(request, reply.status(400), { draft, problem: 'audience' });
    const at = draft.when === 'at' ? vietnamLocal(draft.at) : undefined;
    if (draft.when === 'at' && (!at || at.getTime() <= deps.now().getTime())) return page(request, reply.status(400), { draft, problem: 'at' });
    const input = announcementInputSchema.safeParse({ text: draft.text, link: draft.link.trim() || null, photo: draft.photo.trim() || null, audience });
    if (!input.success) return page(request, reply.status(400), { draft, problem: String(input.error.issues[0]?.path[0] ?? 'text') });
    try {
      const sendAt = draft.when === 'draft' ? undefined : (at ?? deps.now());
      const created = await service.compose(input.data, request.staff!.login, sendAt);
      request.log.info({ event: 'announcement-created', by: request.staff!.login, id: created.id, status: created.status }, 'announcement created');
    } catch (error) {
      if (error instanceof ZodError) return page(request, reply.status(400), { draft, problem: 'text' });
      throw error;
    }
    return reply.redirect('/staff/announcements?done=created', 303);
  });

  app.post('/announcements/:id/cancel', { preHandler: adminOnly }, async (request, reply) => {
    const id = (request.params as { id: string }).id.slice(0, 20);
    const cancelled = await service.cancel(id);
    if (!cancelled) return page(request, reply.status(409), { problem: 'started' });
    request.log.info({ event: 'announcement-cancelled', by: request.staff!.login, id }, 'announcement cancelled');
    return reply.redirect('/staff/announcements?done=cancelled', 303);
  });
};
