import type { Conference } from '../../conversation/forms/form-definition.js';
import { TOPICS, type Topic } from '../../knowledge/topics.js';
import type { Ticket, TicketEvent } from '../../tickets/ticket.js';

/** The answer given at the conference to one concern, as recorded by staff. */
export interface ConferenceAnswer {
  text: string;
  /** ISO instant it was recorded. */
  at: string;
  /** Who recorded it ("staff:<name>"). */
  by: string;
}

/** One concern on the agenda: what the cooperative asked, and the answer once recorded. */
export interface AgendaItem {
  code: string;
  cooperative: string | null;
  commune: string | null;
  content: string;
  answer: ConferenceAnswer | null;
}

/** The concerns of one topic (null: no topic given). */
export interface AgendaGroup {
  topic: Topic | null;
  count: number;
  items: AgendaItem[];
}

/** A conference's concerns grouped by topic, the biggest group first. */
export interface Agenda {
  conference: Conference;
  total: number;
  /** How many concerns have their conference answer recorded. */
  answered: number;
  groups: AgendaGroup[];
}

/** The latest answer recorded at the conference in a concern's history, if any. */
export function conferenceAnswerOf(history: readonly TicketEvent[]): ConferenceAnswer | null {
  const last = [...history].reverse().find((e) => e.type === 'conference-answer');
  return last ? { text: last.text ?? '', at: last.at, by: last.actor } : null;
}

/** Groups of equal size come in the fixed topic order; concerns without a topic last. */
const topicRank = (topic: Topic | null) => (topic === null ? TOPICS.length : TOPICS.indexOf(topic));

/**
 * The agenda of a conference: its concerns (difficulties and questions are never on it) grouped by
 * topic with counts, most first; in a group, in the order they were filed. `answers` holds the
 * conference answers recorded so far, by code (see `readAgenda`).
 */
export function agendaOf(conference: Conference, tickets: readonly Ticket[], answers: ReadonlyMap<string, ConferenceAnswer> = new Map()): Agenda {
  const concerns = tickets
    .filter((t) => t.kind === 'concern' && t.conferenceId === conference.id)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.code.localeCompare(b.code));
  const byTopic = new Map<Topic | null, AgendaItem[]>();
  for (const t of concerns) {
    const item: AgendaItem = { code: t.code, cooperative: t.cooperative, commune: t.commune, content: t.content, answer: answers.get(t.code) ?? null };
    byTopic.set(t.topic, [...(byTopic.get(t.topic) ?? []), item]);
  }
  const groups = [...byTopic]
    .map(([topic, items]) => ({ topic, count: items.length, items }))
    .sort((a, b) => b.count - a.count || topicRank(a.topic) - topicRank(b.topic));
  return { conference, total: concerns.length, answered: concerns.filter((t) => answers.has(t.code)).length, groups };
}

/** What the agenda reads tickets through (a TicketService fits). */
export interface AgendaTickets {
  all(): Promise<Ticket[]>;
  history(code: string): Promise<TicketEvent[]>;
}

/** The agenda of a conference from the ticket store, with the conference answers recorded in each concern's history. */
export async function readAgenda(conference: Conference, tickets: AgendaTickets): Promise<Agenda> {
  const concerns = (await tickets.all()).filter((t) => t.kind === 'concern' && t.conferenceId === conference.id);
  const answers = new Map<string, ConferenceAnswer>();
  for (const t of concerns) {
    const answer = conferenceAnswerOf(await tickets.history(t.code));
    if (answer) answers.set(t.code, answer);
  }
  return agendaOf(conference, concerns, answers);
}
