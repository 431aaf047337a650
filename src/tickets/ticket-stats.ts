import { TOPICS, type Topic } from '../knowledge/topics.js';
import { vietnamDayStart } from './export/ticket-table.js';
import { isOverdue, workingDaysBetween } from './service-level.js';
import type { Ticket, TicketKind, TicketState } from './ticket.js';

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

/** Vietnam keeps UTC+7 all year; a Vietnam day is a UTC day of the time shifted by 7 hours. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const KINDS: readonly TicketKind[] = ['concern', 'difficulty', 'question'];
const STATES: readonly TicketState[] = ['new', 'in-progress', 'answered', 'closed'];
/** How many communes have a count of their own; the rest are added up as "others". */
export const TOP_COMMUNES = 15;

/** The days of a report, YYYY-MM-DD in Vietnam time, both included (as `npm run export --from --to`). */
export interface DayRange {
  from: string;
  to: string;
}

/** One ISO week (Monday–Sunday, Vietnam time) and the tickets created in it, by kind. */
export interface WeekCount {
  /** ISO week, "2026-W05". */
  week: string;
  /** Its Monday, "2026-01-26" (the first and last weeks of a range may be partly outside it). */
  monday: string;
  byKind: Record<TicketKind, number>;
  total: number;
}

/**
 * What tickets created in a range add up to. Plain numbers, strings and arrays (JSON as it is);
 * every list is in the order to show, most first.
 */
export interface TicketFigures {
  /** Tickets created in the range. */
  total: number;
  /** Every ISO week that has a day in the range, oldest first, weeks without tickets included. */
  weeks: WeekCount[];
  byKind: Record<TicketKind, number>;
  /** The state each ticket is in now. */
  byState: Record<TicketState, number>;
  /** Closed now, or not (new, in progress, answered). */
  openClosed: { open: number; closed: number };
  /** Topic ids (`credit`…); null for a ticket without a topic. Most first. */
  byTopic: Array<{ topic: Topic | null; count: number }>;
  /** The {@link TOP_COMMUNES} communes with most tickets, the rest added up, and tickets without one. */
  byCommune: {
    top: Array<{ commune: string; count: number }>;
    others: { communes: number; count: number };
    notGiven: number;
  };
  /**
   * Hours from a ticket's creation to staff's first answer (clock hours, nights and weekends
   * included), over the tickets answered so far; median and 90th percentile interpolated as
   * spreadsheets' MEDIAN and PERCENTILE.INC do, to one decimal; null when none was answered.
   */
  firstResponse: { answered: number; notAnswered: number; medianHours: number | null; p90Hours: number | null };
  /**
   * The service level (first answer within `days` working days, src/tickets/service-level.ts):
   * tickets first answered after it, and tickets still waiting past it now (the queue's ⏰).
   */
  serviceLevel: { days: number; answeredLate: number; waitingOverdue: number };
  /** Members' ratings of closed tickets: average to one decimal (null without any), count per star. */
  ratings: { count: number; average: number | null; distribution: Array<{ stars: 1 | 2 | 3 | 4 | 5; count: number }> };
}

/** The Vietnam day of an instant, as days since 1970-01-01. */
const dayIndex = (ms: number): number => Math.floor((ms + VIETNAM_OFFSET_MS) / DAY_MS);
/** ISO weeks counted from the one of 1970-01-01 (a Thursday): Monday is day 7w − 3, Thursday day 7w. */
const weekIndex = (day: number): number => Math.floor((day + 3) / 7);
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** "2026-W05": an ISO week belongs to the year of its Thursday. */
function weekLabel(week: number): string {
  const thursday = week * 7;
  const year = new Date(thursday * DAY_MS).getUTCFullYear();
  const n = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

/** The p-quantile of sorted values, interpolated between neighbours (spreadsheets' PERCENTILE.INC). */
function quantile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (rank - below) * (sorted[above]! - sorted[below]!);
}

const oneDecimal = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);
const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const mostFirst = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

/**
 * The figures of the dashboard and `npm run staff -- stats` for the tickets created in `range`
 * (the same tickets `npm run export --from --to` exports), in one pass over `tickets`. `now`
 * decides which waiting tickets are past the service level of `serviceLevelDays` working days.
 * Throws a RangeError when a day is not a real YYYY-MM-DD date.
 */
export function ticketFigures(tickets: readonly Ticket[], range: DayRange, now: Date, serviceLevelDays: number): TicketFigures {
  const start = vietnamDayStart(range.from);
  const end = vietnamDayStart(range.to) + DAY_MS;
  const firstWeek = weekIndex(dayIndex(start));
  const weekCount = Math.max(0, weekIndex(dayIndex(end - 1)) - firstWeek + 1);
  const perWeek = new Int32Array(weekCount * KINDS.length);
  const kindIndex = new Map(KINDS.map((k, i) => [k, i]));
  const byKind = zeros(KINDS);
  const byState = zeros(STATES);
  const byTopic = new Map<Topic | null, number>();
  const byCommune = new Map<string, number>();
  let notGiven = 0;
  const hours = new Float64Array(tickets.length);
  let answered = 0;
  let answeredLate = 0;
  let waitingOverdue = 0;
  const stars = [0, 0, 0, 0, 0];
  let ratingSum = 0;
  // The service level counts working days between two Vietnam days: the same pairs recur, ask once.
  const workingDays = new Map<number, number>();
  const workingDaysFrom = (created: number, until: number): number => {
    const key = dayIndex(created) * 1_000_000 + dayIndex(until);
    let n = workingDays.get(key);
    if (n === undefined) workingDays.set(key, (n = workingDaysBetween(new Date(created), new Date(until))));
    return n;
  };
  let total = 0;
  for (const t of tickets) {
    const created = Date.parse(t.createdAt);
    if (!(created >= start && created < end)) continue;
    total++;
    byKind[t.kind]++;
    byState[t.state]++;
    perWeek[(weekIndex(dayIndex(created)) - firstWeek) * KINDS.length + kindIndex.get(t.kind)!]!++;
    byTopic.set(t.topic, (byTopic.get(t.topic) ?? 0) + 1);
    if (t.commune === null || t.commune.trim() === '') notGiven++;
    else byCommune.set(t.commune, (byCommune.get(t.commune) ?? 0) + 1);
    if (t.firstAnsweredAt !== null) {
      const at = Date.parse(t.firstAnsweredAt);
      hours[answered++] = (at - created) / HOUR_MS;
      // Overdue at the moment of the answer, as isOverdue would have said then.
      if (workingDaysFrom(created, at) >= serviceLevelDays) answeredLate++;
    } else if (t.state !== 'closed' && workingDaysFrom(created, now.getTime()) >= serviceLevelDays) {
      waitingOverdue++; // isOverdue(t, now, serviceLevelDays)
    }
    if (t.rating !== null && t.rating >= 1 && t.rating <= 5) {
      stars[t.rating - 1]!++;
      ratingSum += t.rating;
    }
  }
  const sorted = hours.subarray(0, answered).sort();
  const communes = [...byCommune].map(([commune, count]) => ({ commune, count })).sort((a, b) => mostFirst(a, b) || a.commune.localeCompare(b.commune, 'vi'));
  const rest = communes.slice(TOP_COMMUNES);
  const rated = stars.reduce((a, b) => a + b, 0);
  return {
    total,
    weeks: Array.from({ length: weekCount }, (_, i) => {
      const counts = perWeek.subarray(i * KINDS.length, (i + 1) * KINDS.length);
      return {
        week: weekLabel(firstWeek + i),
        monday: isoDay((firstWeek + i) * 7 - 3),
        byKind: Object.fromEntries(KINDS.map((k, j) => [k, counts[j]!])) as Record<TicketKind, number>,
        total: counts.reduce((a, b) => a + b, 0),
      };
    }),
    byKind,
    byState,
    openClosed: { open: total - byState.closed, closed: byState.closed },
    byTopic: [...byTopic]
      .map(([topic, count]) => ({ topic, count }))
      .sort((a, b) => mostFirst(a, b) || topicOrder(a.topic) - topicOrder(b.topic)),
    byCommune: { top: communes.slice(0, TOP_COMMUNES), others: { communes: rest.length, count: rest.reduce((a, c) => a + c.count, 0) }, notGiven },
    firstResponse: { answered, notAnswered: total - answered, medianHours: oneDecimal(quantile(sorted, 0.5)), p90Hours: oneDecimal(quantile(sorted, 0.9)) },
    serviceLevel: { days: serviceLevelDays, answeredLate, waitingOverdue },
    ratings: {
      count: rated,
      average: rated === 0 ? null : oneDecimal(ratingSum / rated),
      distribution: stars.map((count, i) => ({ stars: (i + 1) as 1 | 2 | 3 | 4 | 5, count })),
    },
  };
}

/** Topics in their fixed order, a ticket without one last. */
const topicOrder = (topic: Topic | null): number => (topic === null ? TOPICS.length : TOPICS.indexOf(topic));
