import type { TurnContext } from '../context.js';
import type { Reply } from '../reply.js';
import { chooseLanguage, setLanguage } from './language.js';
import { askPrompt, help, showMenu } from './menu.js';
import { answerEntry, browseTopic, browseTopics, contactAlliance, recordFeedback } from './policy.js';

/** A picked choice (button, number or words). Old buttons keep working: ids carry all they need. */
export function handleChoice(ctx: TurnContext, choiceId: string): Reply[] {
  const [kind, value = ''] = splitOnce(choiceId, ':');
  switch (kind) {
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
