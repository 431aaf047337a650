import type { Entry } from '../../knowledge/entry.js';
import { TOPICS, type Topic } from '../../knowledge/topics.js';
import type { TurnContext } from '../context.js';
import type { Choice, Reply } from '../reply.js';
import { renderEntry, type RenderContext } from '../render-entry.js';
import { menuChoice, showMenu } from './menu.js';
import { maskPersonalData } from '../mask-personal-data.js';
import { fold } from '../../knowledge/normalize.js';
import { whichChoices } from './small-talk.js';

const entryChoice = (entry: Entry, ctx: TurnContext): Choice => ({ id: `entry:${entry.id}`, label: entry.title[ctx.locale] });

/**
 * Shows one entry with its citation, then the other close matches for the question ("Có phải bạn
 * hỏi"), related entries ("Xem thêm") and the way back.
 */
export function answerEntry(ctx: TurnContext, entryId: string, otherMatches: Entry[] = []): Reply[] {
  const entry = ctx.deps.knowledge.get(entryId);
  if (!entry) return showMenu(ctx, ctx.t('entry.gone'));
  const alternatives = otherMatches
    .filter((e) => e.id !== entry.id)
    .slice(0, 2)
    .map((e) => ({ id: `entry:${e.id}`, label: `${ctx.t('entry.orDidYouMean')}: ${e.title[ctx.locale]}` }));
  const shown = new Set([entry.id, ...otherMatches.slice(0, 2).map((e) => e.id)]);
  const related = entry.related
    .filter((id) => !shown.has(id))
    .map((id) => ctx.deps.knowledge.get(id))
    .filter((e): e is Entry => e !== undefined)
    .slice(0, 3 - Math.min(alternatives.length, 1))
    .map((e) => ({ id: `entry:${e.id}`, label: `${ctx.t('entry.seeAlso')}: ${e.title[ctx.locale]}` }));
  const feedback = [
    { id: `fb:up:${entry.id}`, label: ctx.t('feedback.up') },
    { id: `fb:down:${entry.id}`, label: ctx.t('feedback.down') },
  ];
  const more = [...alternatives, ...related];
  const back = { id: `topic:${entry.topic}`, label: ctx.t('nav.topic', { topic: ctx.t(`topic.${entry.topic}`) }) };
  let choices: Choice[] = [...feedback, ...more, back, menuChoice(ctx)];
  const max = ctx.maxAnswerChoices;
  // A short numbered list keeps the answer on a small screen: the votes, the closest others, the menu.
  if (max !== undefined && choices.length > max) choices = [...feedback, ...more.slice(0, Math.max(0, max - feedback.length - 1)), menuChoice(ctx)].slice(0, max);
  return [{ text: `${renderEntry(entry, renderContext(ctx))}\n\n${ctx.t('feedback.ask')}`, choices }];
}

/** A runner-up on another topic is offered only when it scores this share of the answer's score. */
const CLOSE_RUNNER_UP = 0.8;

/** How entries are rendered in this turn: the member's language, today, and flows/ data. */
export function renderContext(ctx: TurnContext): RenderContext {
  return { locale: ctx.locale, t: ctx.t, now: ctx.deps.now(), flows: ctx.deps.flows, titleOf: (id) => ctx.deps.knowledge.get(id)?.title[ctx.locale] };
}

/**
 * Free text: answer when sure, offer the best titles when unsure, say so plainly when nothing fits.
 * `searchFor` is what to search when the message opened with small talk ("chào ad, …").
 */
export function answerQuestion(ctx: TurnContext, question: string, searchFor = question): Reply[] {
  const outcome = ctx.deps.knowledge.search(searchFor, ctx.deps.now());
  const top = outcome.hits[0]?.entry;
  const masked = maskPersonalData(question);
  ctx.session.lastQuestion = masked;
  ctx.effects.push({
    type: 'searched',
    outcome: outcome.kind,
    topic: outcome.kind === 'none' ? null : (top?.topic ?? null),
    entryId: outcome.kind === 'confident' ? (top?.id ?? null) : null,
    ...(outcome.outOfScope ? { outOfScope: true as const } : {}),
  });
  if (outcome.outOfScope) return [{ text: ctx.t('search.outOfScope'), choices: [{ id: 'browse', label: ctx.t('menu.browse') }, menuChoice(ctx)] }];
  if (outcome.kind !== 'confident') {
    ctx.effects.push({ type: 'unanswered', question: masked, outcome: outcome.kind, topic: outcome.kind === 'none' ? null : (top?.topic ?? null) });
  }
  if (outcome.kind === 'confident' && top) {
    // "Did you mean" only for a close runner-up: one on the answer's topic, or nearly as good a match.
    const best = outcome.hits[0]!.score;
    const close = outcome.hits.slice(1).filter((h) => h.entry.topic === top.topic || h.score >= CLOSE_RUNNER_UP * best);
    return answerEntry(ctx, top.id, close.map((h) => h.entry));
  }
  if (outcome.kind === 'unsure') {
    return [
      {
        text: ctx.t('search.unsure'),
        choices: [...outcome.hits.map((h) => entryChoice(h.entry, ctx)), { id: 'ask-alliance', label: ctx.t('menu.askAlliance') }, menuChoice(ctx)],
      },
    ];
  }
  // One word the bot cannot place is rarely a question: say what can be chosen instead.
  if (fold(searchFor).split(' ').length === 1) return whichChoices(ctx, ctx.t('smallTalk.notUnderstood', { text: question.trim().slice(0, 30) }));
  return [{ text: ctx.t('search.none'), choices: [{ id: 'ask-alliance', label: ctx.t('menu.askAlliance') }, { id: 'browse', label: ctx.t('menu.browse') }, menuChoice(ctx)] }];
}

/** "Chính sách hỗ trợ": the topics that have entries. */
export function browseTopics(ctx: TurnContext): Reply[] {
  const topics = ctx.deps.knowledge.topics();
  return [
    {
      text: ctx.t('browse.topics'),
      choices: [...topics.map((topic) => ({ id: `topic:${topic}`, label: ctx.t(`topic.${topic}`) })), menuChoice(ctx)],
    },
  ];
}

export function browseTopic(ctx: TurnContext, topic: string): Reply[] {
  if (!isTopic(topic)) return browseTopics(ctx);
  const entries = ctx.deps.knowledge.byTopic(topic);
  return [
    {
      text: ctx.t('browse.entries', { topic: ctx.t(`topic.${topic}`) }),
      choices: [...entries.map((e) => entryChoice(e, ctx)), { id: 'browse', label: ctx.t('nav.topics') }, menuChoice(ctx)],
    },
  ];
}

/** The Alliance's contact entry, or the menu if the content has none. */
export function contactAlliance(ctx: TurnContext): Reply[] {
  return answerEntry(ctx, 'alliance-contact');
}

function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

/** 👍/👎 after an answer: recorded with the entry and the question it answered. */
export function recordFeedback(ctx: TurnContext, value: string): Reply[] {
  const [vote, entryId = ''] = value.split(/:(.*)/s);
  const entry = ctx.deps.knowledge.get(entryId);
  if (!entry || (vote !== 'up' && vote !== 'down')) return showMenu(ctx, ctx.t('choice.expired'));
  const helpful = vote === 'up';
  ctx.effects.push({ type: 'feedback', entryId, helpful, question: ctx.session.lastQuestion ?? null });
  if (helpful) ctx.session.lastQuestion = undefined;
  if (helpful) return [{ text: ctx.t('feedback.thanks'), choices: [menuChoice(ctx)] }];
  return [
    {
      text: ctx.t('feedback.sorry'),
      choices: [{ id: 'ask-alliance', label: ctx.t('menu.askAlliance') }, { id: `topic:${entry.topic}`, label: ctx.t('nav.topic', { topic: ctx.t(`topic.${entry.topic}`) }) }, menuChoice(ctx)],
    },
  ];
}
