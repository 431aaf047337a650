import { TOPICS } from '../../knowledge/topics.js';
import { isOverdue, overdueCutoff } from '../../tickets/service-level.js';
import type { TicketQuery } from '../../tickets/ticket-store.js';
import type { TicketState } from '../../tickets/ticket.js';
import type { ConsolePart } from '../console-plugin.js';
import { changeWatcher } from '../live/change-watcher.js';
import { filtersQuery, PAGE_SIZE, queueFilters, type QueueFilters } from './queue-query.js';

const OPEN: TicketState[] = ['new', 'in-progress', 'answered'];

/**
 * /staff: the tickets, open ones by default, overdue first; filters, search, pages; and a live
 * stream that tells the page when tickets were filed or changed, in any process.
 */
export const queuePart: ConsolePart = (app, { storage, render, now, serviceLevelDays }) => {
  const watcher = changeWatcher(storage.ticketChanges);

  const rows = async (f: QueueFilters) => {
    const at = now();
    const query: TicketQuery = {
      states: f.state === 'open' ? OPEN : [f.state],
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.topic ? { topic: f.topic } : {}),
      ...(f.urgency ? { urgency: f.urgency } : {}),
      ...(f.commune ? { commune: f.commune } : {}),
      ...(f.assignee ? { assignee: f.assignee === '-' ? null : f.assignee } : {}),
      ...(f.again ? { memberWroteAgain: true as const } : {}),
      ...(f.q ? { text: f.q } : {}),
      overdueBefore: overdueCutoff(at, serviceLevelDays),
      offset: (f.page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    };
    const page = await storage.tickets.page(query);
    return {
      filters: f,
      total: page.total,
      pages: Math.max(1, Math.ceil(page.total / PAGE_SIZE)),
      pageLink: (n: number) => `/staff${filtersQuery(f, n)}`,
      refresh: `/staff/queue/rows${filtersQuery(f)}`,
      rows: page.tickets.map((ticket) => ({ ticket, overdue: isOverdue(ticket, at, serviceLevelDays), ageDays: Math.floor((at.getTime() - Date.parse(ticket.createdAt)) / 86_400_000) })),
    };
  };

  app.get('/', async (request, reply) => {
    const f = queueFilters.parse(request.query ?? {});
    const accounts = (await storage.accounts.list()).filter((a) => !a.disabled);
    return render(request, reply, 'queue', { ...(await rows(f)), accounts, topics: TOPICS });
  });

  // The table alone, for the live refresh and htmx filtering.
  app.get('/queue/rows', async (request, reply) => render(request, reply, 'queue-rows', await rows(queueFilters.parse(request.query ?? {}))));

  app.get('/queue/events', { sse: { kind: 'only', heartbeat: true } }, async (_request, reply) => {
    reply.sse.keepAlive();
    const stop = watcher.subscribe((version) => void reply.sse.send({ event: 'changed', data: version }).catch(() => undefined));
    // A first event now, not at the first change: it sends the headers, so the browser knows it is listening.
    await reply.sse.send({ event: 'ready', data: 0 });
    reply.sse.onClose(stop);
  });
};
