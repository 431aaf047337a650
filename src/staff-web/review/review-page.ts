import type { EntryBody } from '../../content/content-kinds.js';
import type { ContentStore } from '../../content/content-store.js';
import type { Locale } from '../../conversation/session.js';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.js';
import { TOPICS } from '../../knowledge/topics.js';
import type { InsightStore } from '../../storage/ports.js';
import { formatVietnamDateTime, vietnamDay } from '../../time/vietnam-time.js';
import { asExampleQuestion, MAX_ADDED_QUESTIONS } from './example-questions.js';
import { groupQuestions, type QuestionGroup } from './question-groups.js';
import { overdueEntries, risingDownVotes, staleCitations, votesFrom, type ReplacedDocument } from './review-queue.js';

/** How many of the latest unanswered questions are grouped (the stores keep 5,000–10,000). */
export const UNANSWERED_READ = 2000;
/** How many groups the page lists (the most asked). */
export const GROUPS_SHOWN = 50;

export interface EntryLink {
  id: string;
  title: string;
}

export interface GroupView {
  count: number;
  questions: string[];
  topic: string | null;
  latest: string;
  latestIso: string;
  /** The editor's new entry, prefilled with the group's topic and questions. */
  newEntryHref: string;
  /** The page that appends the questions to an entry chosen from the published ones. */
  examplesHref: string;
  /** The entry the bot now answers the group's most asked question with, when it does. */
  nowAnswered?: EntryLink;
}

export interface ReviewPageData {
  today: string;
  overdue: Array<EntryLink & { reviewed: string; days: number }>;
  replaced: Array<EntryLink & { documents: ReplacedDocument[] }>;
  rising: Array<EntryLink & { recent: number; before: number }>;
  groups: GroupView[];
  /** All groups found (the page lists the first {@link GROUPS_SHOWN}). */
  groupCount: number;
}

export interface ReviewSources {
  content: ContentStore;
  insights: InsightStore;
  /** The knowledge base the bot answers from now, to tell a group the bot has since learnt to answer. */
  knowledge?: () => KnowledgeBase;
}

/** How many example questions the new entry's form takes from a link (knowledge-part's bound). */
export const MAX_PREFILLED_QUESTIONS = 50;
/** A link's query stays under this many characters (the server's limit on a request line is 16 KiB, with the cookies). */
export const MAX_LINK_QUERY = 8000;

/**
 * `/staff/knowledge/new?topic=…&q=…&q=…`: the editor's new entry with every wording of a group as
 * an example question (as many as the link can carry), and the topic when the guess is sure.
 */
export function newEntryHref(questions: readonly string[], topic: string | null): string {
  const query = new URLSearchParams();
  if (topic !== null && (TOPICS as readonly string[]).includes(topic)) query.append('topic', topic);
  for (const q of questions.slice(0, MAX_PREFILLED_QUESTIONS)) {
    const longer = new URLSearchParams(query);
    longer.append('q', asExampleQuestion(q));
    if (longer.toString().length > MAX_LINK_QUERY) break;
    query.append('q', asExampleQuestion(q));
  }
  return `/staff/knowledge/new?${query.toString()}`;
}

/** `/staff/review/examples?q=…`: choose the entry the questions become example questions of. */
export function examplesHref(questions: readonly string[]): string {
  const query = new URLSearchParams();
  for (const q of questions.slice(0, MAX_ADDED_QUESTIONS)) query.append('q', q);
  return `/staff/review/examples?${query.toString()}`;
}

/** The published entries, by id. */
export async function publishedEntries(content: ContentStore): Promise<EntryBody[]> {
  return (await content.published('entry')).map((r) => r.body as EntryBody).sort((a, b) => a.id.localeCompare(b.id));
}

/** Everything the review queue shows, read at `now` in the staff member's language. */
export async function reviewPageData(sources: ReviewSources, now: Date, lang: Locale): Promise<ReviewPageData> {
  const today = vietnamDay(now).day;
  const [entries, votes, recent] = await Promise.all([publishedEntries(sources.content), sources.insights.votesSince(votesFrom(now)), sources.insights.recentQuestions(UNANSWERED_READ)]);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const link = (e: EntryBody): EntryLink => ({ id: e.id, title: e.title[lang] });
  const unanswered = recent.flatMap((r) => (r.kind === 'down' ? [] : [{ question: r.question, outcome: r.kind, topic: r.topic, at: r.at }]));
  const groups = groupQuestions(unanswered);
  const base = sources.knowledge?.();
  return {
    today,
    overdue: overdueEntries(entries, today).map(({ entry, days }) => ({ ...link(entry), reviewed: entry.reviewed, days })),
    replaced: staleCitations(entries, today).map(({ entry, documents }) => ({ ...link(entry), documents })),
    rising: risingDownVotes(votes, now).map((r) => {
      const entry = byId.get(r.entryId);
      return { id: r.entryId, title: entry ? entry.title[lang] : r.entryId, recent: r.recent, before: r.before };
    }),
    groups: groups.slice(0, GROUPS_SHOWN).map((g) => groupView(g, base, now, lang)),
    groupCount: groups.length,
  };
}

function groupView(g: QuestionGroup, base: KnowledgeBase | undefined, now: Date, lang: Locale): GroupView {
  const answered = base?.search(g.questions[0]!, now);
  const top = answered?.kind === 'confident' ? answered.hits[0]?.entry : undefined;
  return {
    count: g.count,
    questions: g.questions,
    topic: g.topic,
    latest: formatVietnamDateTime(g.latest),
    latestIso: g.latest,
    newEntryHref: newEntryHref(g.questions, g.topic),
    examplesHref: examplesHref(g.questions),
    ...(top ? { nowAnswered: { id: top.id, title: top.title[lang] } } : {}),
  };
}
