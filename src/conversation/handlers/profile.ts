import type { MemberProfile, ProfileField } from '../../profile/profile.js';
import type { TurnContext } from '../context.js';
import { normalisePhone } from '../forms/phone.js';
import type { Choice, Reply } from '../reply.js';
import { fold } from '../../knowledge/normalize.js';
import { formatVietnamDay } from '../../time/vietnam-time.js';
import { menuChoice, showMenu } from './menu.js';
import { showPhone } from '../../profile/phone-display.js';

/** The fields in the order they are shown (the same as the profile's). */
const FIELDS: readonly ProfileField[] = ['name', 'cooperative', 'commune', 'role', 'phone'];
const ROLES = ['manager', 'member', 'other'] as const;

/** The answers of a form that a profile keeps (the form's field ids are the profile's). */
export type ProfileAnswers = Partial<Pick<MemberProfile, 'cooperative' | 'commune' | 'role' | 'phone'>>;

/** One line per field: "Tên: Nguyễn Văn An". */
export function profileLines(ctx: TurnContext, p: MemberProfile): string[] {
  return FIELDS.map((f) => `${ctx.t(`profile.field.${f}`)}: ${shown(ctx, f, p[f])}`);
}

function shown(ctx: TurnContext, field: ProfileField, value: string | null): string {
  if (value === null) return ctx.t('form.none');
  return field === 'role' ? ctx.t(`profile.role.${value}`) : field === 'phone' ? showPhone(value) : value;
}

/** /profile: the profile with a button per field to change it, and one to erase it; asks consent first. */
export async function showProfile(ctx: TurnContext, lead?: string): Promise<Reply[]> {
  const profiles = ctx.deps.profiles;
  if (!profiles) return showMenu(ctx, ctx.t('profile.unavailable'));
  ctx.session.profile = undefined;
  const profile = await profiles.get(ctx.conversationId);
  if (!profile) {
    return [{ text: ctx.t('profile.consent'), choices: [{ id: 'profile:consent', label: ctx.t('profile.agree') }, { id: 'menu', label: ctx.t('privacy.no') }] }];
  }
  const text = [lead, ctx.t('profile.title', { since: formatVietnamDay(profile.consentAt) }), '', ...profileLines(ctx, profile)].filter((l) => l !== undefined).join('\n');
  const choices: Choice[] = [...FIELDS.map((f) => ({ id: `profile:edit:${f}`, label: ctx.t('profile.change', { field: ctx.t(`profile.field.${f}`) }) })), { id: 'profile:erase', label: ctx.t('profile.erase') }, menuChoice(ctx)];
  return [{ text, choices }];
}

/** A profile button: consent, change a field, clear it, keep a role, erase, save a form's answers. */
export async function profileChoice(ctx: TurnContext, value: string): Promise<Reply[]> {
  const profiles = ctx.deps.profiles;
  if (!profiles) return showMenu(ctx, ctx.t('profile.unavailable'));
  const [action = '', arg = ''] = value.split(':');
  const now = ctx.deps.now().toISOString();
  const current = await profiles.get(ctx.conversationId);
  switch (action) {
    case 'consent':
      if (!current) await profiles.save(ctx.conversationId, empty(now));
      return showProfile(ctx, ctx.t('profile.saved'));
    case 'edit':
      if (!current || !isField(arg)) return showProfile(ctx);
      ctx.session.profile = { field: arg };
      return [ask(ctx, arg)];
    case 'clear':
    case 'role': {
      if (!current) return showProfile(ctx);
      const field: ProfileField | undefined = action === 'clear' ? (isField(arg) ? arg : undefined) : 'role';
      const role = ROLES.find((r) => r === arg);
      if (!field || (action === 'role' && !role)) return showProfile(ctx);
      await profiles.save(ctx.conversationId, { ...current, [field]: action === 'role' ? role! : null, updatedAt: now });
      return showProfile(ctx, ctx.t('profile.saved'));
    }
    case 'erase':
      if (arg !== 'yes') return [{ text: ctx.t('profile.eraseConfirm'), choices: [{ id: 'profile:erase:yes', label: ctx.t('privacy.yes') }, { id: 'profile', label: ctx.t('privacy.no') }] }];
      await profiles.erase(ctx.conversationId);
      return showMenu(ctx, ctx.t('profile.erased'));
    case 'save-form': {
      // Saving a form's answers is the member's consent when they had no profile yet.
      const answers = ctx.session.profileOffer;
      ctx.session.profileOffer = undefined;
      if (!answers) return showMenu(ctx, ctx.t('choice.expired'));
      await profiles.save(ctx.conversationId, { ...(current ?? empty(now)), ...answers, updatedAt: now });
      return showProfile(ctx, ctx.t('profile.saved'));
    }
    default:
      return showProfile(ctx);
  }
}

/** What the member typed for the field they chose to change. */
export async function profileInput(ctx: TurnContext, text: string): Promise<Reply[]> {
  const field = ctx.session.profile?.field;
  const profiles = ctx.deps.profiles;
  const current = profiles && (await profiles.get(ctx.conversationId));
  if (!field || !profiles || !current) return showProfile(ctx);
  const value = read(ctx, field, text.trim());
  if (value === undefined) return [{ text: ctx.t(field === 'phone' ? 'profile.badPhone' : field === 'role' ? 'form.error.choiceNumber' : 'profile.badLength') }, ask(ctx, field)];
  await profiles.save(ctx.conversationId, { ...current, [field]: value, updatedAt: ctx.deps.now().toISOString() });
  return showProfile(ctx, ctx.t('profile.saved'));
}

/**
 * After a form is filed: its answers a profile keeps, when they differ from the profile (or there is
 * none), are offered to be saved; the choice is returned and the answers wait in the session.
 */
export async function offerToSave(ctx: TurnContext, answers: ProfileAnswers): Promise<Choice | undefined> {
  const profiles = ctx.deps.profiles;
  if (!profiles) return undefined;
  const kept = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null && v !== undefined)) as ProfileAnswers;
  const current = await profiles.get(ctx.conversationId);
  const differs = Object.entries(kept).some(([k, v]) => current?.[k as keyof ProfileAnswers] !== v);
  if (Object.keys(kept).length === 0 || !differs) return undefined;
  ctx.session.profileOffer = kept;
  return { id: 'profile:save-form', label: ctx.t(current ? 'profile.saveFormUpdate' : 'profile.saveForm') };
}

function read(ctx: TurnContext, field: ProfileField, text: string): string | undefined {
  const length = [...text].length;
  switch (field) {
    case 'phone':
      return normalisePhone(text);
    case 'role':
      return ROLES.find((r) => fold(ctx.t(`profile.role.${r}`)) === fold(text));
    case 'commune':
      return length < 2 || length > 100 ? undefined : (ctx.deps.flows.matchCommune(text).exact ?? text);
    default:
      return length < 2 || length > 200 ? undefined : text;
  }
}

function ask(ctx: TurnContext, field: ProfileField): Reply {
  const choices: Choice[] = field === 'role' ? ROLES.map((r) => ({ id: `profile:role:${r}`, label: ctx.t(`profile.role.${r}`) })) : [];
  choices.push({ id: `profile:clear:${field}`, label: ctx.t('profile.clear') }, { id: 'profile', label: ctx.t('form.cancel') });
  return { text: ctx.t(`profile.ask.${field}`), choices };
}

const isField = (s: string): s is ProfileField => (FIELDS as readonly string[]).includes(s);

const empty = (now: string): MemberProfile => ({ name: null, cooperative: null, commune: null, role: null, phone: null, consentAt: now, updatedAt: now });
