import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import { chooseLanguage, setLanguage } from './language.js';
import { askPrompt, help, showMenu } from './menu.js';
import { startForm, startQuestion, formInput } from './form.js';
import { askForget, forget } from './privacy.js';
import { startSubscribe, subscribeChoice } from './subscribe.js';
import { listMyTickets, rateTicket, reopenMyTicket, showMyTicket, startFollowUp } from './status.js';
import { handOver } from './small-talk.js';
import { accountMenu, askUnlink, startLink, unlink } from './link.js';
import { profileChoice, showProfile } from './profile.js';
import { answerEntry, browseTopic, browseTopics, contactAlliance, recordFeedback } from './policy.js';

/** A picked choice (button, number or words). Old buttons keep working: ids carry all they need. */
export async function handleChoice(ctx: TurnContext, choiceId: string): Promise<Reply[]> {
  const [kind, value = ''] = splitOnce(choiceId, ':');
  // A subscription being chosen lasts while its own choices are picked.
  if (kind !== 'sub') ctx.session.subscribe = undefined;
  if (kind !== 'profile') ctx.session.profile = undefined;
  switch (kind) {
    case 'sub':
      return value ? subscribeChoice(ctx, choiceId) : startSubscribe(ctx);
    case 'form': {
      if (value.startsWith('start:')) {
        const id = value.slice(6);
        return id === 'concern' || id === 'difficulty' ? startForm(ctx, id) : showMenu(ctx);
      }
      const form = ctx.session.form;
      if (!form) return showMenu(ctx, ctx.t('choice.expired'));
      form.paused = undefined; // a button of the form pressed: the member is back in it
      return formInput(ctx, form, { kind: 'choice', value });
    }
    case 'profile':
      return value ? profileChoice(ctx, value) : showProfile(ctx);
    case 'account':
      return accountMenu(ctx);
    case 'link':
      return startLink(ctx, '');
    case 'unlink':
      return value === 'yes' ? unlink(ctx) : askUnlink(ctx);
    case 'forget':
      return value === 'yes' ? forget(ctx) : askForget(ctx);
    case 'ask-alliance':
      return startQuestion(ctx, ctx.session.lastQuestion);
    case 'status':
      return value ? showMyTicket(ctx, value) : listMyTickets(ctx);
    case 'followup':
      return startFollowUp(ctx, value);
    case 'rate':
      return rateTicket(ctx, value);
    case 'reopen':
      return reopenMyTicket(ctx, value);
    case 'menu':
      return showMenu(ctx);
    case 'ask':
      return askPrompt(ctx);
    case 'browse':
      return browseTopics(ctx);
    case 'topic':
      return browseTopic(ctx, value);
    case 'entry':
      return answerEntry(ctx, value);
    case 'contact':
      return contactAlliance(ctx);
    case 'handover':
      return handOver(ctx);
    case 'help':
      return help(ctx);
    case 'fb':
      return recordFeedback(ctx, value);
    case 'lang':
      return value === 'vi' || value === 'en' ? setLanguage(ctx, value) : chooseLanguage(ctx);
    default:
      return showMenu(ctx, ctx.t('choice.expired'));
  }
}

function splitOnce(s: string, sep: string): [string, string?] {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}
