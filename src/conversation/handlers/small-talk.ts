import { vietnamDay } from '../../time/vietnam-time.js';
import type { TurnContext } from '../context.js';
import { liveBlock } from '../live-blocks.js';
import type { Choice, Reply } from '../reply.js';
import type { SmallTalk } from '../small-talk.js';
import { menuChoice, menuChoices, showMenu, welcome } from './menu.js';
import { answerQuestion, renderContext } from './policy.js';
import { startQuestion } from './form.js';

/** A question with this many words besides the small talk is sent on to staff as it is. */
const QUESTION_WORDS = 3;

/** Replies to greetings, thanks, goodbye, "who are you", a request for a person and anger; never a search. */
export function replySmallTalk(ctx: TurnContext, talk: SmallTalk, typed: string): Reply[] {
  switch (talk.intent) {
    case 'greeting':
      return welcome(ctx);
    case 'thanks':
      return [{ text: ctx.t('smallTalk.thanks'), choices: [{ id: 'ask', label: ctx.t('menu.ask') }, menuChoice(ctx)] }];
    case 'goodbye':
      return [{ text: ctx.t('smallTalk.goodbye'), choices: [menuChoice(ctx)] }];
    case 'identity':
      return showMenu(ctx, ctx.t('smallTalk.identity', { organisation: ctx.deps.flows.organisation.name[ctx.locale] }));
    case 'ack':
      return whichChoices(ctx);
    case 'human':
      return handOver(ctx, talk.rest.split(' ').filter(Boolean).length >= QUESTION_WORDS ? typed : undefined);
    case 'rude':
      // Anger around a real question: answer the question, calmly.
      if (talk.rest.split(' ').filter(Boolean).length >= QUESTION_WORDS) return answerQuestion(ctx, typed, talk.rest);
      return [{ text: ctx.t('smallTalk.rude'), choices: [{ id: 'handover', label: ctx.t('smallTalk.askStaff') }, { id: 'contact', label: ctx.t('menu.contact') }, menuChoice(ctx)] }];
  }
}

/** The choices on offer, said again: after "ok", "?", a word the bot cannot place, or a number that matches none. */
export function whichChoices(ctx: TurnContext, lead?: string): Reply[] {
  const choices = ctx.session.choices.length > 0 ? ctx.session.choices : menuChoices(ctx);
  const text = [lead, ctx.t(ctx.buttons ? 'smallTalk.whichChoices' : 'smallTalk.whichNumbers', { count: choices.length })].filter(Boolean).join(' ');
  return [{ text, choices }];
}

/**
 * "I want to talk to a person": says what staff can do, shows the Alliance's contact, and either
 * offers to send the question the member just typed or asks for it (checked before it is sent).
 */
export function handOver(ctx: TurnContext, question?: string): Reply[] {
  const contact = liveBlock('organisation', renderContext(ctx), vietnamDay(ctx.deps.now()).day);
  const lead: Reply = { text: `${ctx.t('smallTalk.human')}\n\n${contact}` };
  if (question) return [lead, ...startQuestion(ctx, question)];
  ctx.session.form = { id: 'question', step: 0, phase: 'fill', answers: {}, backToSummary: false };
  const choices: Choice[] = [];
  if (ctx.session.lastQuestion) choices.push({ id: 'ask-alliance', label: ctx.t('smallTalk.sendLast', { question: shorten(ctx.session.lastQuestion) }) });
  choices.push({ id: 'form:cancel', label: ctx.t('form.cancel') });
  return [lead, { text: ctx.t('smallTalk.humanWrite'), choices }];
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
