import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EntryBody } from '../../content/content-kinds.js';
import { MAX_ID_LENGTH } from '../../knowledge/entry-schema.js';
import { TOPICS } from '../../knowledge/topics.js';
import { requireEditor } from '../auth/require-editor.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';
import { questionsFrom, withExampleQuestions } from '../review/example-questions.js';
import { contentService, actorOf } from '../review/content-actions.js';
import { publishedEntries, reviewPageData } from '../review/review-page.js';
import { MIN_RISING_DOWN, VOTE_WINDOW_DAYS } from '../review/review-queue.js';
import { REVIEW_AFTER_DAYS } from '../knowledge/review-due.js';

/** How many entries the assistant's search suggests for the questions (radio buttons above the full list). */
const SUGGESTED = 5;

/**
 * /staff/review: what in the knowledge base needs an editor — entries past their review date,
 * entries resting on a replaced document, entries whose 👎 are rising, and the questions the
 * assistant could not answer, grouped by similarity, each group turned into a new entry or into example
 * questions of an entry (a draft, published by someone else later). Editors and admins.
 */
export const reviewPart: ConsolePart = (app, deps) => {
  const editors = requireEditor(deps.t);
  const { storage, render, now } = deps;

  app.get('/review', { preHandler: editors }, async (request, reply) => {
    const data = await reviewPageData({ content: storage.content, insights: storage.insights, knowledge: deps.knowledge }, now(), consoleLocale(request));
    return render(request, reply, 'review', { ...data, topics: TOPICS, reviewAfterDays: REVIEW_AFTER_DAYS, voteWindowDays: VOTE_WINDOW_DAYS, minRisingDown: MIN_RISING_DOWN });
  });

  /** The page to choose the entry that gets the questions; `problem` when a post was refused. */
  async function examplesPage(request: FastifyRequest, reply: FastifyReply, questions: string[], state: { entry?: string; problem?: string } = {}) {
    const lang = consoleLocale(request);
    const entries = await publishedEntries(storage.content);
    const base = deps.knowledge?.();
    const suggested: string[] = [];
    for (const q of questions) for (const hit of base?.search(q, now()).hits ?? []) if (!suggested.includes(hit.entry.id) && entries.some((e) => e.id === hit.entry.id)) suggested.push(hit.entry.id);
    const option = (e: EntryBody) => ({ id: e.id, title: e.title[lang] });
    return render(request, reply, 'review-examples', {
      questions,
      suggested: suggested.slice(0, SUGGESTED).map((id) => option(entries.find((e) => e.id === id)!)),
      byTopic: TOPICS.map((topic) => ({ topic, entries: entries.filter((e) => e.topic === topic).map(option) })).filter((g) => g.entries.length > 0),
      chosen: state.entry ?? '',
      problem: state.problem,
    });
  }

  app.get('/review/examples', { preHandler: editors }, async (request, reply) => examplesPage(request, reply, questionsFrom(request.query)));

  // The chosen questions appended to the entry's latest revision, as a draft under the editor's name.
  app.post('/review/examples', { preHandler: editors }, async (request, reply) => {
    const t = deps.t(consoleLocale(request));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const questions = questionsFrom(body);
    // Every question offered comes back as `offered.N`, so a refused form shows them all again.
    const offered = questionsFrom(body, 'offered');
    // A suggestion ticked (radio `entry`), else the entry chosen in the full list (`other`).
    const picked = [body['entry'], body['other']].find((v): v is string => typeof v === 'string' && v !== '') ?? '';
    const id = picked.slice(0, MAX_ID_LENGTH + 1);
    const again = (status: number, problem: string) => examplesPage(request, reply.status(status), offered.length > 0 ? offered : questions, { entry: id, problem });
    if (questions.length === 0) return again(400, t('console.review.examples.noQuestions'));
    const content = contentService(deps);
    const state = id === '' ? undefined : await content.store.document('entry', id);
    if (!state || state.retired || state.publishedRev === null) return again(404, t('console.review.examples.noEntry'));
    const latest = await content.store.revision('entry', id, state.latestRev);
    const { body: changed, added } = withExampleQuestions(latest!.body as EntryBody, questions);
    if (added.length === 0) return again(409, t('console.review.examples.alreadyThere'));
    const saved = await content.saveDraft(actorOf(request), 'entry', id, changed, state.latestRev, t('console.review.examples.note', { count: added.length }));
    if (!saved.ok) {
      if (saved.reason === 'invalid') return again(400, t('console.review.examples.invalid', { problems: Object.entries(saved.problems).map(([k, v]) => `${k}: ${v}`).join('; ') }));
      return again(saved.reason === 'conflict' ? 409 : 403, t(`console.review.refused.${saved.reason}`));
    }
    request.log.info({ event: 'entry-examples-drafted', by: request.staff!.login, entry: id, rev: saved.rev, added: added.length }, 'example questions drafted');
    // The entry's page says the draft was saved and shows what it changes.
    return reply.redirect(`/staff/knowledge/${encodeURIComponent(id)}?done=drafted&rev=${saved.rev}`, 303);
  });
};
