import type { Translate } from '../conversation/ports.js';
import { formatVietnamDay, vietnamDay } from '../time/vietnam-time.js';
import { queueOrder } from '../tickets/ticket-stats.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { TicketRelay } from './ticket-relay.js';

/**
 * On a working day with overdue tickets, posts one reminder listing all of them in the staff chat.
 * Its delivery key is the day, so it goes out at most once a day however often this runs.
 */
export async function remindOverdue(o: { tickets: TicketService; relay: TicketRelay; now: Date; days: number; t: Translate }): Promise<boolean> {
  const today = vietnamDay(o.now);
  if (!today.working) return false;
  const overdue = queueOrder(await o.tickets.all(), o.now, o.days).filter((x) => x.overdue);
  if (overdue.length === 0) return false;
  const lines = overdue.map(({ ticket }) => `⏰ ${ticket.code} · ${formatVietnamDay(ticket.createdAt)}${ticket.commune ? ` · ${ticket.commune}` : ''}${ticket.assignee ? ` · ${ticket.assignee}` : ''}`);
  await o.relay.notifyStaff(`reminder:${today.day}`, `${o.t('staff.reminder', { count: overdue.length, days: o.days })}\n${lines.join('\n')}`);
  return true;
}
