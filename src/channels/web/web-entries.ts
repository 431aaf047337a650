import type { Reply } from '../../conversation/reply.js';
import type { WebInbox } from '../../storage/ports.js';

/**
 * What the web inbox holds for one browser, oldest first:
 * - `{ from: 'member', text }` — a message the member typed;
 * - `{ from: 'member', choice, label? }` — a button the member tapped (its label when known);
 * - `{ from: 'member', photo, caption? }` — a photo the member sent (`photo` is the store's id);
 * - `{ from: 'bot', reply }` — a reply of the bot or a staff answer relayed by the web sender;
 * - `{ from: 'upload', photo }` — a photo this browser uploaded (never shown; it proves ownership).
 * Entries stored before these shapes were a bare `Reply`; they read as `{ from: 'bot', reply }`.
 */
export type WebEntry =
  | { from: 'member'; text: string }
  | { from: 'member'; choice: string; label?: string }
  | { from: 'member'; photo: string; caption?: string }
  | { from: 'bot'; reply: Reply }
  | { from: 'upload'; photo: string };

/** One entry as the page gets it from the inbox and history routes. */
export interface WebMessage {
  id: number;
  from: 'member' | 'bot';
  text?: string;
  reply?: Reply;
  photo?: string;
}

/** The entries the page shows, in the API's shape; upload records and unknown shapes are left out. */
export function toWebMessages(entries: Array<{ id: number; message: unknown }>): WebMessage[] {
  return entries.flatMap(({ id, message }) => {
    const shown = toWebMessage(id, message);
    return shown ? [shown] : [];
  });
}

function toWebMessage(id: number, message: unknown): WebMessage | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const m = message as Record<string, unknown>;
  if (m['from'] === 'bot' && isReply(m['reply'])) return { id, from: 'bot', reply: m['reply'] };
  if (m['from'] === undefined && isReply(m)) return { id, from: 'bot', reply: m as unknown as Reply };
  if (m['from'] !== 'member') return undefined;
  if (typeof m['photo'] === 'string') return { id, from: 'member', photo: m['photo'], ...(typeof m['caption'] === 'string' ? { text: m['caption'] } : {}) };
  if (typeof m['text'] === 'string') return { id, from: 'member', text: m['text'] };
  if (typeof m['choice'] === 'string') return { id, from: 'member', ...(typeof m['label'] === 'string' ? { text: m['label'] } : {}) };
  return undefined;
}

function isReply(value: unknown): value is Reply {
  return !!value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string';
}

/** How far back ownership and labels are looked up: the whole kept conversation. */
const LOOK_BACK = 100;

/** Whether this browser uploaded or sent the photo (the only browser that may see it). */
export async function ownsPhoto(inbox: WebInbox, clientId: string, photoId: string): Promise<boolean> {
  const entries = await inbox.recent(clientId, LOOK_BACK);
  return entries.some(({ message }) => {
    const m = message as { from?: unknown; photo?: unknown } | null;
    return !!m && (m.from === 'upload' || m.from === 'member') && m.photo === photoId;
  });
}

/** The label of a choice the bot offered this browser lately (the newest offer first). */
export async function offeredLabel(inbox: WebInbox, clientId: string, choiceId: string): Promise<string | undefined> {
  const entries = await inbox.recent(clientId, LOOK_BACK);
  for (const { message } of entries.reverse()) {
    const reply = toWebMessage(0, message)?.reply;
    const label = reply?.choices?.find((c) => c.id === choiceId)?.label;
    if (label) return label;
  }
  return undefined;
}
