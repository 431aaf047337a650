import { z } from 'zod';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { InboundMessage } from '../../conversation/inbound.js';
import { parseCommand } from '../../conversation/inbound.js';
import type { HttpServer } from '../../http/create-server.js';
import { rateLimits } from '../../http/rate-limits.js';
import type { WebInbox } from '../../storage/ports.js';
import { offeredLabel, ownsPhoto, toWebMessages, type WebEntry } from './web-entries.js';

/*
 * The web chat API. Every call carries the browser's id in the `X-Client-Id` header: a random UUID
 * the page makes once (crypto.randomUUID()) and keeps in localStorage. It is never put in a URL
 * (URLs end up in logs and proxies). A missing or malformed id gets 400 {"error": "x-client-id: …"}.
 *
 *   POST /api/chat                      Content-Type: application/json (anything else: 415)
 *     {"messageId": "<uuid>", "text": "…"}                        a typed message ("/start" … are commands)
 *     {"messageId": "<uuid>", "choice": "<choice id>"}            a tapped button
 *     {"messageId": "<uuid>", "photo": "<photo id>", "caption"?: "…"}   a photo uploaded before (below)
 *     each with an optional "lang" (the browser's language, e.g. "en-US": a hint until the member chooses)
 *   → 200 {"replies": [{"text": "…", "choices"?: [{"id", "label"}]}], "lastId": N, "ids": [N, …], "language"?: "vi"|"en"}
 *     The messageId makes a retry safe: the same messageId is answered with the replies of its first
 *     turn and the turn is applied once. The member's message and the replies are stored in the
 *     browser's inbox under keys made from the messageId, so a retry stores nothing twice. `ids` are
 *     the inbox ids of the member's message and of each reply (the page skips them when polling);
 *     `lastId` is the last of them.
 *
 *   GET /api/chat/inbox?after=N   → 200 {"messages": [{"id", "from": "member"|"bot", "text"?, "reply"?, "photo"?}]}
 *     entries after N, oldest first, at most 100 (staff answers arrive here while the page is closed).
 *   GET /api/chat/history         → the same shape: the latest 50 entries (shown after a reload).
 *     A member's message has `text` (typed, a tapped button's label, or a photo's caption) and/or
 *     `photo` (an id for GET /api/chat/photo/:id); a bot or staff message has `reply`.
 *
 * Photos (upload, serving) are in web-photo-routes.ts.
 */

/** Requests a minute the chat API takes from one browser and from one address (each gets a 429 with a clear message above). */
export interface WebLimits {
  perClientPerMinute: number;
  perIpPerMinute: number;
}
const DEFAULT_WEB_LIMITS: WebLimits = { perClientPerMinute: 30, perIpPerMinute: 120 };

export const WEB_CHAT_PATH = '/api/chat';
export const WEB_INBOX_PATH = '/api/chat/inbox';
export const WEB_HISTORY_PATH = '/api/chat/history';
const MAX_BODY_BYTES = 128 * 1024;
/** Entries the page gets back after a reload. */
export const HISTORY_LENGTH = 50;

/** The headers every web chat call carries: the browser's id. Other headers pass through untouched. */
export const clientHeaders = z.looseObject({
  'x-client-id': z.uuid({ error: 'the browser id (a UUID) is required in the X-Client-Id header' }),
});

/** The browser's id as keys and conversation ids use it (lower case). */
export const clientIdOf = (headers: { 'x-client-id': string }) => headers['x-client-id'].toLowerCase();

/** The web chat's request: one text, picked choice or uploaded photo, with the page's id for it. */
export const webChatRequestSchema = z
  .object({
    messageId: z.uuid({ error: 'a UUID the page makes for each message (the same on a retry)' }),
    text: z.string().max(50_000).optional(),
    choice: z.string().min(1).max(64).optional(),
    photo: z.uuid().optional(),
    caption: z.string().max(2_000).optional(),
    lang: z.string().max(35).optional(),
  })
  .strict()
  .refine((r) => [r.text, r.choice, r.photo].filter((v) => v !== undefined).length === 1, { message: 'exactly one of text, choice or photo' })
  .refine((r) => r.caption === undefined || r.photo !== undefined, { message: 'caption goes with a photo' });

export const webConversationId = (clientId: string) => `web:${clientId}`;

const inboxQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });

/** Registers POST /api/chat, GET /api/chat/inbox and GET /api/chat/history (see the comment above). */
export function webChatRoutes(http: HttpServer, conversations: ConversationService, inbox: WebInbox, limits: WebLimits = DEFAULT_WEB_LIMITS): void {
  // Two limits a minute: per browser (its header id) and per address (a flood of fresh ids from one place).
  const limited = rateLimits(http, [
    { max: limits.perIpPerMinute, timeWindow: 60_000, keyGenerator: (request) => `ip:${request.ip}` },
    { max: limits.perClientPerMinute, timeWindow: 60_000, keyGenerator: (request) => `client:${String(request.headers['x-client-id'] ?? request.ip).slice(0, 64)}` },
  ]);
  http.post(WEB_CHAT_PATH, { bodyLimit: MAX_BODY_BYTES, onRequest: limited, schema: { headers: clientHeaders, body: webChatRequestSchema } }, async (request, reply) => {
    const r = request.body;
    const clientId = clientIdOf(request.headers);
    if (r.photo !== undefined && !(await ownsPhoto(inbox, clientId, r.photo))) {
      return reply.status(400).send({ error: 'photo: no photo with this id was uploaded from this browser' });
    }
    const turnKey = `web:${clientId}:${r.messageId}`;
    // The HTTP limits already count this browser's requests: the core does not count them again.
    const base = { conversationId: webConversationId(clientId), languageHint: r.lang, rateLimited: true };
    let inbound: InboundMessage;
    let entry: WebEntry;
    if (r.choice !== undefined) {
      inbound = { ...base, kind: 'choice', choiceId: r.choice };
      const label = await offeredLabel(inbox, clientId, r.choice);
      entry = { from: 'member', choice: r.choice, ...(label ? { label } : {}) };
    } else if (r.photo !== undefined) {
      inbound = { ...base, kind: 'photo', photo: `photo:${r.photo}`, ...(r.caption ? { caption: r.caption } : {}) };
      entry = { from: 'member', photo: r.photo, ...(r.caption ? { caption: r.caption } : {}) };
    } else {
      const command = parseCommand(r.text!);
      inbound = command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text: r.text! };
      entry = { from: 'member', text: r.text! };
    }
    const turn = await conversations.turnOnce(inbound, { turnKey });
    // The member's message and the replies, in one write: the inbox is the web's durable delivery
    // (a retry with the same message id answers from the applied turn and stores nothing twice). A
    // turn that erased the member's data (/forget) keeps only its confirmation, so a reload still
    // shows what happened.
    const ids = await inbox.pushMany(clientId, [
      ...(turn.forgotten ? [] : [{ message: entry, key: `${turnKey}:member` }]),
      ...turn.replies.map((botReply, i) => ({ message: { from: 'bot', reply: botReply } satisfies WebEntry, key: `${turnKey}:reply:${i}` })),
    ]);
    return { replies: turn.replies, lastId: ids.at(-1) ?? 0, ids, ...(turn.language ? { language: turn.language } : {}) };
  });

  http.get(WEB_INBOX_PATH, { schema: { headers: clientHeaders, querystring: inboxQuery } }, async (request) => {
    return { messages: toWebMessages(await inbox.since(clientIdOf(request.headers), request.query.after)) };
  });

  http.get(WEB_HISTORY_PATH, { schema: { headers: clientHeaders } }, async (request) => {
    // Upload records are kept but not shown: read the whole kept conversation, show the latest 50.
    const shown = toWebMessages(await inbox.recent(clientIdOf(request.headers), 100));
    return { messages: shown.slice(-HISTORY_LENGTH) };
  });
}
