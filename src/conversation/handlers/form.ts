import { TOPICS, type Topic } from '../../knowledge/topics.js';
import type { TurnContext } from '../context.js';
import type { FieldDef, FormAnswer, FormDef } from '../forms/form-definition.js';
import type { FormState } from '../forms/form-state.js';
import { normalisePhone } from '../forms/phone.js';
import type { Choice, Reply } from '../reply.js';
import { fold } from '../../knowledge/normalize.js';
import { menuChoice, showMenu } from './menu.js';
import { formatDate } from '../render-entry.js';
import { offerToSave } from './profile.js';
import { showPhone } from '../../profile/phone-display.js';

const MAX_PHOTOS = 5;

/** "Keep it as typed" in words, for a commune the list does not know. */
const KEEP_TYPED = /^(giu|giu nguyen|giu nguyen ten nay|giu ten nay|giu nhu vay|keep|keep it|keep as typed)$/;

/** What the member sent while a form is open. */
export type FormInput = { kind: 'text'; text: string } | { kind: 'choice'; value: string } | { kind: 'photo'; photo: string; caption?: string };

/** The captions sent with a form's photos, kept beside them ("" for a photo without one). */
const CAPTIONS = 'photoCaptions';

/** The form fields a member's profile fills in (same ids, same values). */
const PREFILLED = ['cooperative', 'role', 'commune', 'phone'] as const;

/** Starts (or resumes) a concern or difficulty form, offering the member's profile at its fields. A concern needs an open dialogue conference. */
export async function startForm(ctx: TurnContext, id: 'concern' | 'difficulty'): Promise<Reply[]> {
  const existing = ctx.session.form;
  if (existing && existing.id === id) {
    existing.paused = undefined; // continued from the menu
    return [{ text: ctx.t('form.resume') }, ...askCurrent(ctx, existing)];
  }
  const lead: Reply[] = [];
  if (id === 'concern') {
    const conference = ctx.deps.flows.nextOpenConference(ctx.deps.now());
    if (!conference) {
      return [{ text: ctx.t('form.noConference'), choices: [{ id: 'form:start:difficulty', label: ctx.t('menu.difficulty') }, menuChoice(ctx)] }];
    }
    lead.push({
      text: ctx.t('form.conference', { name: conference.name[ctx.locale], date: formatDate(conference.date), place: conference.place[ctx.locale], deadline: formatDate(conference.deadline) }),
    });
  }
  const def = ctx.deps.flows.forms[id];
  const state: FormState = { id, step: 0, phase: 'fill', answers: {}, backToSummary: false };
  const profile = await ctx.deps.profiles?.get(ctx.conversationId);
  const prefill = Object.fromEntries(PREFILLED.flatMap((f) => (profile?.[f] ? [[f, profile[f]]] : [])));
  if (Object.keys(prefill).length > 0) state.prefill = prefill;
  ctx.session.form = state;
  return [...lead, { text: `${def.title[ctx.locale]}\n\n${def.intro[ctx.locale]}` }, ...askCurrent(ctx, state)];
}

/** Escalates a question the bot could not answer (or whose answer got 👎) to the Alliance. */
export function startQuestion(ctx: TurnContext, question: string | undefined): Reply[] {
  if (!question) return showMenu(ctx, ctx.t('form.noQuestion'));
  ctx.session.form = { id: 'question', step: 0, phase: 'confirm', answers: { question }, backToSummary: false };
  return [summary(ctx, ctx.session.form)];
}

/** The question a member types for staff after asking for a person; checked before it is sent. */
function typedQuestion(ctx: TurnContext, state: FormState, input: FormInput): Reply[] {
  if (input.kind !== 'text') return [{ text: ctx.t('form.error.noPhotoHere'), choices: [{ id: 'form:cancel', label: ctx.t('form.cancel') }] }];
  // A bare number or a word or two is not a question staff can answer (often a missed button).
  if (!substantial(input.text)) return [{ text: ctx.t('form.error.questionTooShort'), choices: [{ id: 'form:cancel', label: ctx.t('form.cancel') }] }];
  state.answers['question'] = input.text;
  state.phase = 'confirm';
  return [summary(ctx, state)];
}

function substantial(text: string): boolean {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  return letters >= 6 && text.trim().split(/\s+/).length >= 2;
}

/** Handles one input of an open form. */
export async function formInput(ctx: TurnContext, state: FormState, input: FormInput): Promise<Reply[]> {
  if (input.kind === 'choice' && input.value === 'cancel') {
    ctx.session.form = undefined;
    return showMenu(ctx, ctx.t('form.cancelled'));
  }
  if (state.phase === 'confirm') return confirmPhase(ctx, state, input);
  if (state.id === 'question') return typedQuestion(ctx, state, input);
  if (state.phase === 'pick-field') return pickField(ctx, state, input);
  const def = formDef(ctx, state);
  const field = def.fields[state.step]!;
  const result = readAnswer(ctx, state, field, input);
  if ('retry' in result) return result.retry;
  state.answers[field.id] = result.value;
  if (field.type === 'photos' && result.more) return [{ text: ctx.t('form.photoReceived', { count: (result.value as string[]).length }), choices: photoChoices(ctx, state) }];
  return advance(ctx, state);
}

function advance(ctx: TurnContext, state: FormState): Reply[] {
  const def = formDef(ctx, state);
  if (state.backToSummary || state.step + 1 >= def.fields.length) {
    state.phase = 'confirm';
    state.backToSummary = false;
    return [summary(ctx, state)];
  }
  state.step++;
  return askCurrent(ctx, state);
}

type ReadResult = { value: FormAnswer; more?: boolean } | { retry: Reply[] };

function readAnswer(ctx: TurnContext, state: FormState, field: FieldDef, input: FormInput): ReadResult {
  const again = (key: string, vars?: Record<string, string | number>): ReadResult => ({ retry: [{ text: ctx.t(key, vars) }, ...askCurrent(ctx, state)] });
  // "bỏ qua" typed (Zalo has no buttons) skips an optional field, even one that takes free text.
  const typedSkip = input.kind === 'text' && /^(bo qua|skip|khong co|ko co|khong|ko|k|kg|no|none|khong can|thoi)$/.test(fold(input.text));
  // A commune not found, kept as typed: its button, its number, or typed ("giữ nguyên", "giu nguyen").
  if (field.type === 'commune' && state.unmatchedCommune && input.kind === 'text' && KEEP_TYPED.test(fold(input.text))) return readCommune(ctx, state, '', 'keep');
  // The profile's value, kept: its button, or typed ("giữ", or "1", its number where there are no buttons).
  const kept = state.prefill?.[field.id];
  if (kept !== undefined && ((input.kind === 'choice' && input.value === 'prefill') || (input.kind === 'text' && /^(1|giu|giu nguyen|keep|ok)$/.test(fold(input.text))))) return { value: kept };
  if ((input.kind === 'choice' && input.value === 'skip') || typedSkip) {
    if (!field.optional) return again('form.error.required');
    return { value: field.type === 'photos' ? ((state.answers[field.id] as string[] | undefined) ?? []) : null };
  }
  if (input.kind === 'photo') {
    if (field.type !== 'photos') return again('form.error.noPhotoHere');
    const photos = [...((state.answers[field.id] as string[] | undefined) ?? []), input.photo];
    if (photos.length > MAX_PHOTOS) return again('form.error.tooManyPhotos', { max: MAX_PHOTOS });
    const captions = (state.answers[CAPTIONS] as string[] | undefined) ?? [];
    state.answers[CAPTIONS] = [...captions, ...Array<string>(Math.max(0, photos.length - 1 - captions.length)).fill(''), input.caption?.trim().slice(0, 500) ?? ''];
    return { value: photos, more: photos.length < MAX_PHOTOS };
  }
  const text = input.kind === 'text' ? input.text.trim() : '';
  const choice = input.kind === 'choice' ? input.value : undefined;
  switch (field.type) {
    case 'text': {
      const length = [...text].length;
      if (length < field.min || length > field.max) return again('form.error.length', { min: field.min, max: field.max.toLocaleString('vi-VN'), length });
      return { value: text };
    }
    case 'choice': {
      const value = choice?.replace(/^opt:/, '') ?? field.options.find((o) => fold(o.label.vi) === fold(text) || fold(o.label.en) === fold(text))?.value;
      return value && field.options.some((o) => o.value === value) ? { value } : again(ctx.buttons ? 'form.error.choice' : 'form.error.choiceNumber');
    }
    case 'topic': {
      const value = choice?.replace(/^opt:/, '') ?? TOPICS.find((t) => fold(ctx.t(`topic.${t}`)) === fold(text));
      return value && (TOPICS as readonly string[]).includes(value) ? { value } : again(ctx.buttons ? 'form.error.choice' : 'form.error.choiceNumber');
    }
    case 'yesno': {
      const value = choice === 'opt:yes' || /^(co|yes|y|dong y|ok|u|uh|vang|da)$/.test(fold(text)) ? true : choice === 'opt:no' || /^(khong|no|n|ko|k)$/.test(fold(text)) ? false : undefined;
      return value === undefined ? again('form.error.yesno') : { value };
    }
    case 'phone': {
      const phone = normalisePhone(text);
      return phone ? { value: phone } : again('form.error.phone');
    }
    case 'photos': {
      if (choice === 'done') return { value: (state.answers[field.id] as string[] | undefined) ?? [] };
      return again('form.error.photos');
    }
    case 'commune':
      return readCommune(ctx, state, text, choice);
  }
}

function readCommune(ctx: TurnContext, state: FormState, text: string, choice: string | undefined): ReadResult {
  if (choice === 'keep' && state.unmatchedCommune) {
    const value = state.unmatchedCommune;
    state.unmatchedCommune = undefined;
    return { value };
  }
  if (choice?.startsWith('opt:')) {
    state.unmatchedCommune = undefined;
    return { value: choice.slice(4) };
  }
  if ([...text].length < 2 || [...text].length > 100) return { retry: [{ text: ctx.t('form.error.commune') }, ...askCurrent(ctx, state)] };
  const match = ctx.deps.flows.matchCommune(text);
  if (match.exact) return { value: match.exact };
  state.unmatchedCommune = text;
  const choices: Choice[] = [
    ...match.suggestions.slice(0, 4).map((name) => ({ id: `form:opt:${name}`, label: name })),
    { id: 'form:keep', label: ctx.t('form.keepCommune', { text: clip(text) }) },
    { id: 'form:cancel', label: ctx.t('form.cancel') },
  ];
  return { retry: [{ text: ctx.t(match.suggestions.length ? 'form.communeSuggest' : 'form.communeUnknown', { text }), choices }] };
}

/** Where an open form stands, asked again (after something else interrupted it). */
export function resumeForm(ctx: TurnContext, state: FormState): Reply[] {
  if (state.id === 'question' && state.phase === 'fill') return [{ text: ctx.t('smallTalk.humanWrite'), choices: [{ id: 'form:cancel', label: ctx.t('form.cancel') }] }];
  return [{ text: ctx.t('form.resume') }, ...askCurrent(ctx, state)];
}

function askCurrent(ctx: TurnContext, state: FormState): Reply[] {
  if (state.phase === 'confirm') return [summary(ctx, state)];
  const field = formDef(ctx, state).fields[state.step]!;
  const choices: Choice[] = [];
  const kept = state.prefill?.[field.id];
  if (kept !== undefined && field.type !== 'photos') {
    // From the profile: shown with the question, kept with one tap, or replaced by typing another.
    const value = showAnswer(ctx, field, kept);
    choices.push({ id: 'form:prefill', label: ctx.t('form.keepPrefill', { value: clip(value) }) });
    // The other options (the kept one is the first button already).
    if (field.type === 'choice') choices.push(...field.options.filter((o) => o.value !== kept).map((o) => ({ id: `form:opt:${o.value}`, label: o.label[ctx.locale] })));
    if (field.optional) choices.push({ id: 'form:skip', label: ctx.t('form.skip') });
    choices.push({ id: 'form:cancel', label: ctx.t('form.cancel') });
    return [{ text: `${field.prompt[ctx.locale]}\n${ctx.t('form.prefilled', { value })}`, choices }];
  }
  if (field.type === 'choice') choices.push(...field.options.map((o) => ({ id: `form:opt:${o.value}`, label: o.label[ctx.locale] })));
  if (field.type === 'topic') choices.push(...TOPICS.map((t) => ({ id: `form:opt:${t}`, label: ctx.t(`topic.${t}`) })));
  if (field.type === 'yesno') choices.push({ id: 'form:opt:yes', label: ctx.t('form.yes') }, { id: 'form:opt:no', label: ctx.t('form.no') });
  if (field.type === 'photos') return [{ text: field.prompt[ctx.locale], choices: photoChoices(ctx, state) }];
  if (field.optional) choices.push({ id: 'form:skip', label: ctx.t('form.skip') });
  choices.push({ id: 'form:cancel', label: ctx.t('form.cancel') });
  return [{ text: field.prompt[ctx.locale], choices }];
}

function photoChoices(ctx: TurnContext, state: FormState): Choice[] {
  const field = formDef(ctx, state).fields[state.step]!;
  const have = ((state.answers[field.id] as string[] | undefined) ?? []).length;
  return [have > 0 ? { id: 'form:done', label: ctx.t('form.done') } : { id: 'form:skip', label: ctx.t('form.skip') }, { id: 'form:cancel', label: ctx.t('form.cancel') }];
}

function summary(ctx: TurnContext, state: FormState): Reply {
  // The key is stored with the session that shows the summary, before anything can be filed.
  state.submissionKey ??= globalThis.crypto.randomUUID();
  const lines =
    state.id === 'question'
      ? [ctx.t('form.questionSummary', { question: String(state.answers['question'] ?? '') })]
      : formDef(ctx, state).fields.map((f) => `• ${fieldLabel(ctx, f)}: ${showAnswer(ctx, f, state.answers[f.id], state.answers[CAPTIONS])}`);
  const choices: Choice[] = [{ id: 'form:confirm', label: ctx.t('form.confirm') }];
  if (state.id !== 'question') choices.push({ id: 'form:edit', label: ctx.t('form.edit') });
  choices.push({ id: 'form:cancel', label: ctx.t('form.cancel') });
  return { text: `${ctx.t('form.summary')}\n\n${lines.join('\n')}`, choices };
}

async function confirmPhase(ctx: TurnContext, state: FormState, input: FormInput): Promise<Reply[]> {
  if (input.kind === 'choice' && input.value === 'edit' && state.id !== 'question') {
    state.phase = 'pick-field';
    const def = formDef(ctx, state);
    return [{ text: ctx.t('form.pickField'), choices: [...def.fields.map((f, i) => ({ id: `form:field:${i}`, label: fieldLabel(ctx, f) })), { id: 'form:cancel', label: ctx.t('form.cancel') }] }];
  }
  if (state.id === 'question' && input.kind === 'text' && input.text.trim().split(/\s+/).length >= 3) {
    // A new wording of the question for staff replaces the one waiting to be sent.
    state.answers['question'] = input.text.trim();
    return [summary(ctx, state)];
  }
  // Typed answers to the summary on a channel without buttons: "có", "ok", "gửi" send; "không", "hủy" cancel.
  if (input.kind === 'text' && /^(co|ok|oke|okay|gui|gui di|dong y|yes|send|xac nhan|chac chan)$/.test(fold(input.text))) input = { kind: 'choice', value: 'confirm' };
  else if (input.kind === 'text' && /^(khong|ko|k|huy|thoi|no|cancel)$/.test(fold(input.text))) {
    ctx.session.form = undefined;
    return showMenu(ctx, ctx.t('form.cancelled'));
  }
  if (!(input.kind === 'choice' && input.value === 'confirm')) {
    return [{ text: ctx.t(state.id === 'question' ? 'form.error.confirmQuestion' : 'form.error.confirm') }, summary(ctx, state)];
  }
  const memberId = ctx.conversationId;
  const a = state.answers;
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : null);
  const consent = a['consent'] === true;
  const conference = state.id === 'concern' ? ctx.deps.flows.nextOpenConference(ctx.deps.now()) : undefined;
  if (state.id === 'concern' && !conference) {
    ctx.session.form = undefined;
    return [{ text: ctx.t('form.noConference'), choices: [{ id: 'form:start:difficulty', label: ctx.t('menu.difficulty') }, menuChoice(ctx)] }];
  }
  const limits = ctx.deps.limits;
  if (limits && !(await limits.take('ticket', memberId))) {
    // The form stays at its summary: nothing is lost, it can be sent tomorrow.
    return [{ text: ctx.t('limits.tickets', { max: limits.max('ticket') }), choices: [{ id: 'status', label: ctx.t('menu.status') }, menuChoice(ctx)] }];
  }
  const ticket = await ctx.deps.tickets.file(
    {
    kind: state.id,
    memberId,
    locale: ctx.locale,
    topic: (str('topic') as Topic | null) ?? null,
    cooperative: str('cooperative'),
    role: (str('role') as 'manager' | 'member' | 'other' | null) ?? null,
    commune: str('commune'),
    content: withCaptions(ctx, str('content') ?? str('question') ?? '', a[CAPTIONS]),
    phone: consent ? str('phone') : null,
    consentToContact: consent,
    urgency: (str('urgency') as 'normal' | 'urgent' | null) ?? null,
    photos: Array.isArray(a['photos']) ? (a['photos'] as string[]) : [],
    conferenceId: conference?.id ?? null,
    },
    state.submissionKey ?? globalThis.crypto.randomUUID(),
  );
  ctx.session.form = undefined;
  ctx.effects.push({ type: 'ticket-filed', code: ticket.code });
  // The answers a profile keeps may be saved to it, with the member's tap (their consent when they had none).
  const save = state.id === 'question' ? undefined : await offerToSave(ctx, { cooperative: str('cooperative'), commune: str('commune'), role: str('role') as 'manager' | 'member' | 'other' | null, phone: str('phone') });
  return [
    {
      text: ctx.t(`form.filed.${state.id}`, { code: ticket.code, conference: conference?.name[ctx.locale] ?? '' }),
      choices: [{ id: `status:${ticket.code}`, label: ctx.t('status.view', { code: ticket.code }) }, ...(save ? [save] : []), menuChoice(ctx)],
    },
  ];
}

function pickField(ctx: TurnContext, state: FormState, input: FormInput): Reply[] {
  const index = input.kind === 'choice' && input.value.startsWith('field:') ? Number(input.value.slice(6)) : NaN;
  const def = formDef(ctx, state);
  if (!Number.isInteger(index) || index < 0 || index >= def.fields.length) {
    state.phase = 'confirm';
    return [summary(ctx, state)];
  }
  state.phase = 'fill';
  state.step = index;
  state.backToSummary = true;
  return askCurrent(ctx, state);
}

function formDef(ctx: TurnContext, state: FormState): FormDef {
  return ctx.deps.flows.forms[state.id === 'question' ? 'difficulty' : state.id];
}

function fieldLabel(ctx: TurnContext, field: FieldDef): string {
  return ctx.t(`form.field.${field.id}`, {}) || field.id;
}

/** The member's words, then what they wrote under each photo (staff read both together). */
function withCaptions(ctx: TurnContext, content: string, captions: FormAnswer | undefined): string {
  const lines = (Array.isArray(captions) ? captions : []).map((c, i) => (c ? `[${ctx.t('status.photo')} ${i + 1}] ${c}` : '')).filter(Boolean);
  return lines.length ? `${content}\n${lines.join('\n')}` : content;
}

/** A label cut to 40 characters, with "…" when it was longer. */
const clip = (text: string): string => ([...text].length > 40 ? `${[...text].slice(0, 40).join('')}…` : text);

function showAnswer(ctx: TurnContext, field: FieldDef, value: FormAnswer | undefined, captions?: FormAnswer): string {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return ctx.t('form.none');
  if (field.type === 'choice') return field.options.find((o) => o.value === value)?.label[ctx.locale] ?? String(value);
  if (field.type === 'topic') return ctx.t(`topic.${String(value)}`);
  if (field.type === 'yesno') return value ? ctx.t('form.yes') : ctx.t('form.no');
  if (field.type === 'phone') return showPhone(String(value));
  if (field.type === 'photos') {
    const written = (Array.isArray(captions) ? captions : []).filter(Boolean);
    return ctx.t('form.photoCount', { count: (value as string[]).length }) + (written.length ? ` («${written.join('», «')}»)` : '');
  }
  return String(value);
}

