import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import { chooseLanguage, setLanguage } from './language.js';
import { cancel, help, showMenu, welcome } from './menu.js';

/** Slash commands (and the same commands typed as words). Unknown ones get the help text. */
export function handleCommand(ctx: TurnContext, command: string, args: string): Reply[] {
  switch (command) {
    case 'start':
      return welcome(ctx);
    case 'menu':
      return showMenu(ctx);
    case 'help':
      return help(ctx);
    case 'cancel':
      return cancel(ctx);
    case 'language': {
      const wanted = args.trim().toLowerCase();
      if (wanted === 'vi' || wanted === 'en') return setLanguage(ctx, wanted);
      return chooseLanguage(ctx);
    }
    default:
      return [{ text: ctx.t('unknownCommand', { command }), choices: [{ id: 'help', label: ctx.t('menu.help') }, { id: 'menu', label: ctx.t('nav.menu') }] }];
  }
}
