import { z } from 'zod';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { InboundMessage } from '../../conversation/inbound.js';
import { parseCommand } from '../../conversation/inbound.js';
import type { HttpServer } from '../../http/create-server.js';
import type { WebInbox } from '../../storage/ports.js';

export const WEB_CHAT_PATH = '/api/chat';
export const WEB_INBOX_PATH = '/api/chat/inbox';
const MAX_BODY_BYTES = 128 * 1024;

/** The web chat's request: one text or one picked choice from a browser identified by clientId. */
export const webChatRequestSchema = z
  .object({
    clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 characters of A-Z, a-z, 0-9, _ or -'),
    text: z.string().max(50_000).optional(),
    choice: z.string().min(1).max(64).optional(),
    lang: z.string().max(35).optional(),
  })
  .refine((r) => (r.text === undefined) !== (r.choice === undefined), { message: 'exactly one of text or choice' });

export const webConversationId = (clientId: string) => `web:${clientId}`;

const inboxQuery = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 characters of A-Z, a-z, 0-9, _ or -'),
  after: z.coerce.number().int().min(0).default(0),
});

/**
 * POST /api/chat → { replies: [{ text, choices?: [{ id, label }] }] }, and
 * GET /api/chat/inbox?clientId=…&after=N → { messages: [{ id, reply }] }: staff answers that arrived for this browser.
 */
export function webChatRoutes(http: HttpServer, conversations: ConversationService, inbox: WebInbox): void {
  http.post(WEB_CHAT_PATH, { bodyLimit: MAX_BODY_BYTES, schema: { body: webChatRequestSchema } }, async (request) => {
    const r = request.body;
    const base = { conversationId: webConversationId(r.clientId), languageHint: r.lang };
    let inbound: InboundMessage;
    if (r.choice !== undefined) inbound = { ...base, kind: 'choice', choiceId: r.choice };
    else {
      const command = parseCommand(r.text!);
      inbound = command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text: r.text! };
    }
    return { replies: await conversations.handle(inbound) };
  });
  http.get(WEB_INBOX_PATH, { schema: { querystring: inboxQuery } }, async (request) => {
    const messages = await inbox.since(request.query.clientId, request.query.after);
    return { messages: messages.map((m) => ({ id: m.id, reply: m.message })) };
  });
}
