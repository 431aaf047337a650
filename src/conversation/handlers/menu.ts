import type { TurnContext } from '../context.js';
import type { Choice, Reply } from '../reply.js';

/** The main menu choices, shown after /start, /menu, /cancel and when nothing else fits. */
/** The one button back to the main menu. */
export const menuChoice = (ctx: TurnContext): Choice => ({ id: 'menu', label: ctx.t('nav.menu') });

export function menuChoices(ctx: TurnContext): Choice[] {
  const { t } = ctx;
  const pending = ctx.session.form;
  return [
    ...(pending && pending.id !== 'question' ? [{ id: `form:start:${pending.id}`, label: t('menu.resume') }] : []),
    { id: 'ask', label: t('menu.ask') },
    { id: 'browse', label: t('menu.browse') },
    { id: 'form:start:difficulty', label: t('menu.difficulty') },
    { id: 'form:start:concern', label: t('menu.concern') },
    { id: 'status', label: t('menu.status') },
    { id: 'contact', label: t('menu.contact') },
    { id: 'lang', label: t('menu.language') },
    { id: 'help', label: t('menu.help') },
    { id: 'sub', label: t('menu.subscribe') },
  ];
}

export function showMenu(ctx: TurnContext, lead?: string): Reply[] {
  pauseForm(ctx);
  return [{ text: lead ? `${lead}\n\n${ctx.t('menu.title')}` : ctx.t('menu.title'), choices: menuChoices(ctx) }];
}

/**
 * The member has left a form half-filled for the menu: it waits behind "Tiếp tục" and takes no
 * typed text meanwhile (a question asked from the menu is a question, not the cooperative's name).
 * A question for staff is not paused: the menu offers no way back to it.
 */
function pauseForm(ctx: TurnContext): void {
  if (ctx.session.form && ctx.session.form.id !== 'question') ctx.session.form.paused = true;
}

export function welcome(ctx: TurnContext): Reply[] {
  return showMenu(ctx, ctx.t('welcome'));
}

export function help(ctx: TurnContext): Reply[] {
  return [{ text: ctx.t('help'), choices: [{ id: 'menu', label: ctx.t('nav.menu') }] }];
}

export function askPrompt(ctx: TurnContext): Reply[] {
  pauseForm(ctx);
  return [{ text: ctx.t('ask.prompt'), choices: [{ id: 'menu', label: ctx.t('nav.menu') }] }];
}

export function cancel(ctx: TurnContext): Reply[] {
  return showMenu(ctx, ctx.t('cancelled'));
}
