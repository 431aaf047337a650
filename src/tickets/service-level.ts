import type { Ticket } from './ticket.js';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });

/** The calendar day in Vietnam ("2026-11-26") and whether it is a working day (Monday–Friday). */
export function vietnamDay(at: Date): { day: string; working: boolean } {
  const parts = Object.fromEntries(dayFormat.formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts['year']}-${parts['month']}-${parts['day']}`, working: parts['weekday'] !== 'Sat' && parts['weekday'] !== 'Sun' };
}

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
