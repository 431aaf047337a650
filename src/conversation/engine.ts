import type { TurnContext } from './context.js';
import type { Effect } from './effects.js';
import { parseCommand, type InboundMessage } from './inbound.js';
import type { EngineDeps } from './ports.js';
import type { Reply } from './reply.js';
import type { Locale, Session } from './session.js';
import { handleChoice } from './handlers/choices.js';
import { handleCommand } from './handlers/commands.js';
import { formInput, resumeForm } from './handlers/form.js';
import { answerQuestion } from './handlers/policy.js';
import { sendFollowUp, showMyTicket } from './handlers/status.js';
import { parseReference } from '../tickets/reference-code.js';
import { matchOfferedChoice, matchWordCommand } from './match-text.js';
import { typedNumber } from './small-talk.js';
import { messageLanguage } from './message-language.js';
import { replySmallTalk, whichChoices } from './handlers/small-talk.js';
import { menuChoice, menuChoices } from './handlers/menu.js';
import { subscribeCommune } from './handlers/subscribe.js';
import { linkCodeIn, redeemCode } from './handlers/link.js';
import { profileInput } from './handlers/profile.js';

/** Longest member message the bot reads; longer ones get a polite limit instead of a search. */
export const MAX_INBOUND_CHARS = 2000;

/** The result of one turn: what to say, what to remember, what to record. */
export interface Outcome {
  replies: Reply[];
  session: Session;
  effects: Effect[];
}

/**
 * The conversation core: one inbound message and the stored session in, replies and the new
 * session out. It performs I/O only through the ports in `deps` and imports no platform or database.
 */
export async function handle(message: InboundMessage, stored: Session, deps: EngineDeps): Promise<Outcome> {
  const session: Session = structuredClone(stored);
  // Until the member chooses, they are answered in the language they wrote, else the platform's hint.
  const written = message.kind === 'text' ? messageLanguage(message.text) : undefined;
  const locale = session.locale ?? written ?? hintedLocale(message.languageHint) ?? deps.defaultLocale;
  const ctx: TurnContext = { conversationId: message.conversationId, session, locale, t: deps.translator(locale), deps, effects: [], maxAnswerChoices: message.maxAnswerChoices, buttons: message.buttons !== false };
  if (deps.limits && !message.rateLimited && !(await deps.limits.take('message', message.conversationId))) {
    // Too many messages a minute: said once per message, nothing else done; the session is unchanged.
    return { replies: [{ text: ctx.t('limits.messages', { max: deps.limits.max('message') }) }], session: stored, effects: [] };
  }
  // Linked members are answered by staff on the channel they wrote from last: recorded while the
  // turn runs, not before it (a storage write, and on SQLite a group commit, every member's every turn).
  const [, replies] = await Promise.all([deps.identity?.seen(message.conversationId), route(message, ctx)]);
  // The last offered choices are what a number ("2") refers to next time.
  const offered = [...replies].reverse().find((r) => r.choices && r.choices.length > 0)?.choices ?? [];
  session.choices = offered;
  return { replies, session, effects: ctx.effects };
}

async function route(message: InboundMessage, ctx: TurnContext): Promise<Reply[]> {
  switch (message.kind) {
    case 'command':
      // "Send more to the ticket" lasts for the next message only: anything else the member does ends it.
      ctx.session.followUp = undefined;
      ctx.session.subscribe = undefined;
      ctx.session.profile = undefined;
      return handleCommand(ctx, message.command, message.args);
    case 'choice':
      ctx.session.followUp = undefined;
      return handleChoice(ctx, message.choiceId);
    case 'photo':
      if (ctx.session.followUp) return followUpThenForm(ctx, ctx.session.followUp, { photo: message.photo, text: message.caption });
      if (ctx.session.form?.phase === 'fill' && !ctx.session.form.paused) return formInput(ctx, ctx.session.form, { kind: 'photo', photo: message.photo, ...(message.caption ? { caption: message.caption } : {}) });
      return [{ text: ctx.t('photo.unexpected'), choices: ctx.session.choices }];
    case 'unsupported':
      return [{ text: ctx.t('unsupported', { what: ctx.t(`unsupportedKind.${message.what}`) }), choices: ctx.session.choices }];
    case 'text':
      return routeText(ctx, message.text);
  }
}

async function routeText(ctx: TurnContext, raw: string): Promise<Reply[]> {
  const text = raw.trim();
  if (text.length === 0) return [{ text: ctx.t('ask.prompt') }];
  if ([...text].length > MAX_INBOUND_CHARS) return tooLong(ctx, [...text].length);
  const command = parseCommand(text);
  const word = command ? undefined : matchWordCommand(text);
  if (command || word) {
    ctx.session.followUp = undefined;
    ctx.session.subscribe = undefined;
    ctx.session.profile = undefined;
    return command ? handleCommand(ctx, command.command, command.args) : handleCommand(ctx, word!, '');
  }
  // The member tapped "send more" on a ticket: the next message goes there, even with a form open.
  if (ctx.session.followUp) {
    const choice = matchOfferedChoice(text, ctx.session.choices);
    if (choice) return route({ kind: 'choice', conversationId: ctx.conversationId, choiceId: choice.id }, ctx);
    return followUpThenForm(ctx, ctx.session.followUp, { text });
  }
  // /subscribe asks for the commune in words: the text is the commune unless it picks an offered choice.
  if (ctx.session.subscribe?.step === 'commune') {
    const choice = matchOfferedChoice(text, ctx.session.choices);
    return choice ? handleChoice(ctx, choice.id) : subscribeCommune(ctx, text);
  }
  // /profile asked for one field: the text is its value unless it picks an offered choice.
  if (ctx.session.profile) {
    const choice = matchOfferedChoice(text, ctx.session.choices);
    return choice ? handleChoice(ctx, choice.id) : profileInput(ctx, text);
  }
  // A form left for the menu takes no typed text until the member continues it.
  const form = ctx.session.form?.paused ? undefined : ctx.session.form;
  // A form asking for free text (a name, a description, a phone) takes the text as typed, so a
  // "2" in a description is never read as the second button. A bare number that names a listed
  // choice picks it where the step cannot take that number as its answer, and always when the
  // choice was asked mid-form (a /forget or /unlink confirmation): listed numbers stay live.
  // A question for staff that is only a number ("2") is a button's number, not the question.
  if (form?.phase === 'fill' && expectsFreeText(ctx, form.id, form.step)) {
    const picked = typedNumber(text) !== undefined ? matchOfferedChoice(text, ctx.session.choices) : undefined;
    if (picked && (!picked.id.startsWith('form:') || !numberIsAnswer(ctx, form.id, form.step, text))) return handleChoice(ctx, picked.id);
    if (!(form.id === 'question' && typedNumber(text) !== undefined)) return formInput(ctx, form, { kind: 'text', text });
  }
  const choice = matchOfferedChoice(text, ctx.session.choices);
  if (choice) return handleChoice(ctx, choice.id);
  if (form) return formInput(ctx, form, { kind: 'text', text });
  // Six digits on their own: the /link code given on the member's other channel.
  const linkCode = ctx.deps.identity ? linkCodeIn(text) : undefined;
  if (linkCode) return redeemCode(ctx, linkCode);
  // A reference on its own ("KK-2026-0001", "trạng thái KK-2026-0001") shows that ticket to its owner.
  const code = referenceAsked(text);
  if (code) return showMyTicket(ctx, code);
  const number = typedNumber(text);
  // With nothing offered yet, the menu is what is offered: a first message "3" gets the menu without
  // being told "no option 3"; "12" is told there is none.
  if (number !== undefined) {
    const offered = ctx.session.choices.length > 0 ? ctx.session.choices.length : menuChoices(ctx).length;
    const outOfRange = ctx.session.choices.length > 0 || number < 1 || number > offered;
    return whichChoices(ctx, outOfRange ? ctx.t('smallTalk.unknownNumber', { number }) : undefined);
  }
  const talk = ctx.deps.flows.smallTalk.match(text);
  if (talk?.questionFollows) return answerQuestion(ctx, text, talk.rest);
  if (talk) return replySmallTalk(ctx, talk, text);
  return answerQuestion(ctx, text);
}

/** Sends a follow-up to its ticket; a form left open meanwhile is asked again where it stood. */
async function followUpThenForm(ctx: TurnContext, code: string, content: { text?: string; photo?: string }): Promise<Reply[]> {
  const sent = await sendFollowUp(ctx, code, content);
  const form = ctx.session.form;
  return form ? [...sent.map((r) => ({ text: r.text })), ...resumeForm(ctx, form)] : sent;
}

/** A message over the limit: said plainly; inside a form, the form's question is asked again. */
function tooLong(ctx: TurnContext, length: number): Reply[] {
  const counts = { max: MAX_INBOUND_CHARS.toLocaleString('vi-VN'), length: length.toLocaleString('vi-VN') };
  const form = ctx.session.form;
  if (form) return [{ text: ctx.t('form.error.tooLong', counts) }, ...resumeForm(ctx, form).filter((r) => r.text !== ctx.t('form.resume'))];
  return [{ text: ctx.t('tooLong', counts), choices: [menuChoice(ctx)] }];
}

/** The reference a message asks about when it is only a reference, perhaps after "trạng thái", "xem", "status". */
function referenceAsked(text: string): string | undefined {
  const rest = text.trim().replace(/^(trạng thái|trang thai|tra cứu|tra cuu|xem hồ sơ|xem ho so|xem|hồ sơ|ho so|mã|ma|status|check)\s*:?\s*/i, '');
  return parseReference(rest);
}

function expectsFreeText(ctx: TurnContext, id: 'concern' | 'difficulty' | 'question', step: number): boolean {
  // A question typed for staff is free text from its first word ("2" included).
  if (id === 'question') return true;
  const type = ctx.deps.flows.forms[id].fields[step]?.type;
  return type === 'text' || type === 'phone' || type === 'commune';
}

/** Whether a bare number is a valid answer to this free-text step (a text field short enough to take it). */
function numberIsAnswer(ctx: TurnContext, id: 'concern' | 'difficulty' | 'question', step: number, text: string): boolean {
  if (id === 'question') return false;
  const field = ctx.deps.flows.forms[id].fields[step];
  // Names of communes and phones are never a bare 1–3 digit number.
  return field?.type === 'text' && [...text.trim()].length >= field.min;
}

function hintedLocale(hint: string | undefined): Locale | undefined {
  if (!hint) return undefined;
  const base = hint.toLowerCase().split(/[-_]/)[0];
  return base === 'vi' ? 'vi' : base === 'en' ? 'en' : undefined;
}
