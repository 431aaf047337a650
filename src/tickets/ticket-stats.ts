import type { Ticket } from './ticket.js';
import { isOverdue } from './service-level.js';

export interface TicketStats {
  total: number;
  byKind: Record<string, number>;
  byState: Record<string, number>;
  byTopic: Record<string, number>;
  byCommune: Record<string, number>;
  overdue: number;
  ratings: { count: number; average: number | null };
}

const count = (items: string[]) => items.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});

/** Figures for /stats and the yearly report: by kind, state, topic, commune; overdue; ratings. */
export function ticketStats(tickets: Ticket[], now: Date, serviceLevelDays: number): TicketStats {
  const rated = tickets.map((t) => t.rating).filter((r): r is number => r !== null);
  return {
    total: tickets.length,
    byKind: count(tickets.map((t) => t.kind)),
    byState: count(tickets.map((t) => t.state)),
    byTopic: count(tickets.map((t) => t.topic ?? '-')),
    byCommune: count(tickets.map((t) => t.commune ?? '-')),
    overdue: tickets.filter((t) => isOverdue(t, now, serviceLevelDays)).length,
    ratings: { count: rated.length, average: rated.length ? Math.round((rated.reduce((a, b) => a + b, 0) / rated.length) * 10) / 10 : null },
  };
}

/** Open tickets, overdue first, then oldest first. */
export function queueOrder(tickets: Ticket[], now: Date, serviceLevelDays: number): Array<{ ticket: Ticket; overdue: boolean }> {
  return tickets
    .filter((t) => t.state !== 'closed')
    .map((ticket) => ({ ticket, overdue: isOverdue(ticket, now, serviceLevelDays) }))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.ticket.createdAt.localeCompare(b.ticket.createdAt));
}
