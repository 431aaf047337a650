import type { Capabilities } from '../../channels/capabilities.js';
import { renderPlain } from '../../channels/render-text.js';
import { renderTelegram, TELEGRAM_MAX_TEXT } from '../../channels/telegram/render.js';
import { ZALO_CAPABILITIES } from '../../channels/zalo/zalo-capabilities.js';
import type { TurnContext } from '../../conversation/context.js';
import { answerEntry } from '../../conversation/handlers/policy.js';
import type { EngineDeps, KnowledgePort } from '../../conversation/ports.js';
import type { Reply } from '../../conversation/reply.js';
import { newSession, type Locale } from '../../conversation/session.js';
import type { Entry } from '../../knowledge/entry.js';

export type PreviewChannel = 'telegram' | 'zalo' | 'web';

/** One message as the member's app shows it: its text and, where the platform has them, rows of buttons. */
export interface PreviewMessage {
  text: string;
  buttons: string[][];
}

export interface ChannelPreview {
  channel: PreviewChannel;
  locale: Locale;
  messages: PreviewMessage[];
}

/** The web chat shows every choice as a button and has no practical length limit (src/channels/web/web-channel.ts). */
const WEB_CAPABILITIES: Capabilities = { buttons: true, maxTextLength: 100_000 };
const TELEGRAM_CAPABILITIES: Capabilities = { buttons: true, maxTextLength: TELEGRAM_MAX_TEXT };

const CHANNELS: Array<{ channel: PreviewChannel; capabilities: Capabilities; render: (reply: Reply) => PreviewMessage[] }> = [
  {
    channel: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    render: (reply) => renderTelegram(reply).map((m) => ({ text: m.text, buttons: (m.keyboard?.inline_keyboard ?? []).map((row) => row.map((b) => b.text)) })),
  },
  { channel: 'zalo', capabilities: ZALO_CAPABILITIES, render: (reply) => renderPlain(reply, ZALO_CAPABILITIES).map((text) => ({ text, buttons: [] })) },
  // The web page puts each choice on a button of its own, under the text.
  { channel: 'web', capabilities: WEB_CAPABILITIES, render: (reply) => [{ text: reply.text, buttons: (reply.choices ?? []).map((c) => [c.label]) }] },
];

/** The published knowledge with one entry swapped for a draft (other entries' titles, related links and topics as published). */
export function knowledgeWithDraft(published: KnowledgePort, draft: Entry): KnowledgePort {
  return {
    search: (question, now) => published.search(question, now),
    get: (id) => (id === draft.id ? draft : published.get(id)),
    byTopic: (topic) => published.byTopic(topic),
    topics: () => published.topics(),
  };
}

/**
 * The draft's answer exactly as members would get it, on each channel and in each language: the
 * bot's own answer (answerEntry, with a turn built as the engine builds one for that channel) and
 * the channel's own rendering (Telegram's keyboard, Zalo's numbered list and message length, the
 * web chat's buttons).
 */
export function previewEntry(draft: Entry, engine: EngineDeps, published: KnowledgePort): ChannelPreview[] {
  const deps: EngineDeps = { ...engine, knowledge: knowledgeWithDraft(published, draft) };
  const out: ChannelPreview[] = [];
  for (const { channel, capabilities, render } of CHANNELS) {
    for (const locale of ['vi', 'en'] as const) {
      const session = { ...newSession(), locale };
      const ctx: TurnContext = {
        conversationId: `preview:${channel}`,
        session,
        locale,
        t: engine.translator(locale),
        deps,
        effects: [],
        ...(capabilities.maxAnswerChoices !== undefined ? { maxAnswerChoices: capabilities.maxAnswerChoices } : {}),
        buttons: capabilities.buttons,
      };
      out.push({ channel, locale, messages: answerEntry(ctx, draft.id).flatMap(render) });
    }
  }
  return out;
}
