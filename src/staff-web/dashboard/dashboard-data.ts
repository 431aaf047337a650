import { fold } from '../../knowledge/normalize.js';
import { TOPICS, type Topic } from '../../knowledge/topics.js';
import { vietnamDayStart } from '../../tickets/export/ticket-table.js';
import type { Ticket } from '../../tickets/ticket.js';
import { ticketFigures, type TicketFigures } from '../../tickets/ticket-stats.js';
import { vietnamDay } from '../../time/vietnam-time.js';

/** How many unanswered questions the dashboard lists. */
export const TOP_QUESTIONS = 10;

/** A question the bot stored (InsightStore.recentQuestions): `down` rows were answered and voted 👎. */
export interface StoredQuestion {
  question: string;
  /** ISO timestamp of when it was asked. */
  at: string;
  kind?: 'down' | 'unsure' | 'none';
}

/** What the dashboard is computed from; nothing here is read from a store. */
export interface DashboardInput {
  tickets: readonly Ticket[];
  /** 👍/👎 per knowledge entry (InsightStore.feedbackByEntry): counts since the start, not per day. */
  feedback: ReadonlyArray<{ entryId: string; up: number; down: number }>;
  /** Questions the bot stored, newest first or not; those of kind `down` are left out. */
  unanswered: readonly StoredQuestion[];
  /** The topic of a knowledge entry; null when unknown. */
  topicOfEntry: (entryId: string) => string | null;
  /** Any instant of the range's first day (Vietnam time); the whole day counts. */
  from: Date;
  /** Any instant of the range's last day (Vietnam time); the whole day counts. */
  to: Date;
  now: Date;
  serviceLevelDays: number;
}

/**
 * The dashboard's figures: those of the tickets created in the range (see {@link TicketFigures}),
 * the answer feedback and the questions the bot could not answer. JSON as it is.
 */
export interface DashboardData extends TicketFigures {
  /** The range's first and last days, YYYY-MM-DD in Vietnam time, both included. */
  range: { from: string; to: string };
  /** When the figures were made (ISO); waiting tickets are overdue or not as of then. */
  generatedAt: string;
  /**
   * 👍/👎 summed by the topic of the entry voted on (topic id, or null for an entry whose topic is
   * unknown), most 👎 first. The store keeps no date per count: these cover all time, not the range.
   */
  feedback: { allTime: true; up: number; down: number; byTopic: Array<{ topic: string | null; up: number; down: number }> };
  /**
   * The questions asked in the range that the bot could not answer outright, grouped by their folded
   * text (no diacritics, case or punctuation): `count` is how many members asked (the store keeps a
   * question once per member), `text` the latest wording. `total` counts them all, `distinct` the
   * different questions. `oldestRead` is the oldest question the store gave (any kind): when it is
   * after the range's start, the store no longer holds the range's earlier questions.
   */
  unansweredQuestions: { total: number; distinct: number; top: Array<{ folded: string; text: string; count: number }>; oldestRead: string | null };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The staff dashboard's figures, and `npm run staff -- stats`'s: one computation for both, so they
 * cannot disagree. Tickets and questions count when made in [from, to] as Vietnam days, both
 * included. Throws a RangeError when `to` is a day before `from`.
 */
export function dashboardData(input: DashboardInput): DashboardData {
  const range = { from: vietnamDay(input.from).day, to: vietnamDay(input.to).day };
  if (range.to < range.from) throw new RangeError(`The range ends (${range.to}) before it starts (${range.from})`);
  return {
    range,
    generatedAt: input.now.toISOString(),
    ...ticketFigures(input.tickets, range, input.now, input.serviceLevelDays),
    feedback: feedbackByTopic(input.feedback, input.topicOfEntry),
    unansweredQuestions: unansweredQuestions(input.unanswered, range),
  };
}

function feedbackByTopic(feedback: DashboardInput['feedback'], topicOfEntry: (entryId: string) => string | null): DashboardData['feedback'] {
  const byTopic = new Map<string | null, { topic: string | null; up: number; down: number }>();
  let up = 0;
  let down = 0;
  for (const f of feedback) {
    const topic = topicOfEntry(f.entryId);
    const sum = byTopic.get(topic) ?? { topic, up: 0, down: 0 };
    sum.up += f.up;
    sum.down += f.down;
    byTopic.set(topic, sum);
    up += f.up;
    down += f.down;
  }
  const rows = [...byTopic.values()].sort((a, b) => b.down - a.down || b.up - a.up || String(a.topic).localeCompare(String(b.topic)));
  return { allTime: true, up, down, byTopic: rows };
}

function unansweredQuestions(rows: readonly StoredQuestion[], range: { from: string; to: string }): DashboardData['unansweredQuestions'] {
  const start = vietnamDayStart(range.from);
  const end = vietnamDayStart(range.to) + DAY_MS;
  const groups = new Map<string, { folded: string; text: string; count: number; latest: number }>();
  let oldest = Infinity;
  let total = 0;
  for (const row of rows) {
    const at = Date.parse(row.at);
    if (at < oldest) oldest = at;
    if (row.kind === 'down' || !(at >= start && at < end)) continue;
    const folded = fold(row.question);
    if (folded === '') continue;
    total++;
    const group = groups.get(folded);
    if (group === undefined) groups.set(folded, { folded, text: row.question.trim(), count: 1, latest: at });
    else {
      group.count++;
      if (at > group.latest) Object.assign(group, { text: row.question.trim(), latest: at });
    }
  }
  const top = [...groups.values()]
    .sort((a, b) => b.count - a.count || b.latest - a.latest || a.folded.localeCompare(b.folded))
    .slice(0, TOP_QUESTIONS)
    .map(({ folded, text, count }) => ({ folded, text, count }));
  return { total, distinct: groups.size, top, oldestRead: Number.isFinite(oldest) ? new Date(oldest).toISOString() : null };
}

/**
 * The topic of a knowledge entry from its id: every id starts with its topic ("credit-…"; the
 * content check enforces it), so an entry removed since the vote still counts under its topic.
 */
export function topicOfEntryId(entryId: string): Topic | null {
  let best: Topic | null = null;
  for (const topic of TOPICS) if (entryId.startsWith(`${topic}-`) && (best === null || topic.length > best.length)) best = topic;
  return best;
}

/**
 * The range to use when none is given (`npm run staff -- stats` without --from/--to): from the
 * first ticket or question to `now`, or to the last one when it is later.
 */
export function wholeRange(tickets: readonly Ticket[], questions: readonly StoredQuestion[], now: Date): { from: Date; to: Date } {
  let first = now.getTime();
  let last = first;
  const see = (iso: string) => {
    const ms = Date.parse(iso);
    if (ms < first) first = ms;
    if (ms > last) last = ms;
  };
  for (const t of tickets) see(t.createdAt);
  for (const q of questions) see(q.at);
  return { from: new Date(first), to: new Date(last) };
}
