import { vietnamDay } from '../time/vietnam-time.js';
import type { Ticket } from './ticket.js';

/** Whole working days (Monday–Friday, Vietnam time) from `from` to `to`, not counting the day it started. */
export function workingDaysBetween(from: Date, to: Date): number {
  let count = 0;
  const start = vietnamDay(from).day;
  const end = vietnamDay(to).day;
  for (let t = Date.parse(`${start}T12:00:00+07:00`) + 86_400_000; ; t += 86_400_000) {
    const d = vietnamDay(new Date(t));
    if (d.day > end) break;
    if (d.working) count++;
  }
  return count;
}

/** A ticket still waiting for its first staff answer after `days` working days. */
export function isOverdue(ticket: Ticket, now: Date, days: number): boolean {
  return ticket.state !== 'closed' && ticket.firstAnsweredAt === null && workingDaysBetween(new Date(ticket.createdAt), now) >= days;
}

/**
 * The instant before which an unanswered open ticket is overdue now: the start (Vietnam time) of
 * the day after the last day from which `days` working days have passed. Same rule as isOverdue,
 * as a cutoff a store can compare created_at with.
 */
export function overdueCutoff(now: Date, days: number): string {
  for (let t = Date.parse(`${vietnamDay(now).day}T12:00:00+07:00`); ; t -= 86_400_000) {
    if (workingDaysBetween(new Date(t), now) >= days) {
      const next = vietnamDay(new Date(t + 86_400_000)).day;
      return new Date(`${next}T00:00:00+07:00`).toISOString();
    }
  }
}
