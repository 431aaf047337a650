import { vietnamDay } from '../time/vietnam-time.js';
import { KIND_PREFIX, type TicketKind } from './ticket.js';

/** The year a ticket is filed in, in Vietnam's time zone (a ticket at 23:30 UTC on 31/12 is next year's). */
export function ticketYear(at: Date): number {
  return Number(vietnamDay(at).day.slice(0, 4));
}

/** KK-2026-0012: kind prefix, year, a sequence number per kind and year (at least four digits). */
export function formatReference(kind: TicketKind, year: number, seq: number): string {
  return `${KIND_PREFIX[kind]}-${year}-${String(seq).padStart(4, '0')}`;
}

/** Reads a reference as members type it ("kk-2026-12", "KK 2026 0012"); undefined if it is not one. */
export function parseReference(text: string): string | undefined {
  const m = /^\s*(KN|KK|CH)[\s-]*(\d{4})[\s-]*(\d{1,6})\s*$/i.exec(text);
  if (!m) return undefined;
  return `${m[1]!.toUpperCase()}-${m[2]}-${m[3]!.padStart(4, '0')}`;
}
