import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import type { Locale } from '../session.js';
import { showMenu } from './menu.js';

export function chooseLanguage(ctx: TurnContext): Reply[] {
  return [
    {
      text: ctx.t('language.prompt'),
      choices: [
        { id: 'lang:vi', label: 'Tiếng Việt' },
        { id: 'lang:en', label: 'English' },
      ],
    },
  ];
}

/** Remembers the member's language and answers in it from this message on. */
export function setLanguage(ctx: TurnContext, locale: Locale): Reply[] {
  ctx.session.locale = locale;
  ctx.locale = locale;
  ctx.t = ctx.deps.translator(locale);
  return showMenu(ctx, ctx.t('language.set'));
}
