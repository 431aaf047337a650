import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import { chooseLanguage, setLanguage } from './language.js';
import { cancel, help, showMenu, welcome } from './menu.js';
import { startForm } from './form.js';
import { askForget, myData } from './privacy.js';
import { startSubscribe, unsubscribe } from './subscribe.js';
import { listMyTickets, showMyTicket } from './status.js';
import { accountMenu, askUnlink, startLink } from './link.js';
import { showProfile } from './profile.js';

/** Slash commands (and the same commands typed as words). Unknown ones get the help text. */
export async function handleCommand(ctx: TurnContext, command: string, args: string): Promise<Reply[]> {
  switch (command) {
    case 'subscribe':
    case 'nhantin':
      return startSubscribe(ctx);
    case 'unsubscribe':
    case 'stop':
    case 'dungnhantin':
      return unsubscribe(ctx);
    case 'link':
    case 'lienket':
      return startLink(ctx, args);
    case 'unlink':
    case 'huylienket':
      return askUnlink(ctx);
    case 'account':
    case 'taikhoan':
      return accountMenu(ctx);
    case 'profile':
    case 'hoso':
      return showProfile(ctx);
    case 'mydata':
      return myData(ctx);
    case 'forget':
      return askForget(ctx);
    case 'status':
      return args ? showMyTicket(ctx, args) : listMyTickets(ctx);
    case 'kiennghi':
    case 'concern':
      return startForm(ctx, 'concern');
    case 'khokhan':
    case 'difficulty':
      return startForm(ctx, 'difficulty');
    case 'start':
      return welcome(ctx);
    case 'menu':
      return showMenu(ctx);
    case 'help':
      return help(ctx);
    case 'cancel':
      ctx.session.form = undefined;
      ctx.session.followUp = undefined;
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
