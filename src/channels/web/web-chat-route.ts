import { z } from 'zod';
import type { ConversationService } from '../../conversation/conversation-service.js';
import type { InboundMessage } from '../../conversation/inbound.js';
import { parseCommand } from '../../conversation/inbound.js';
import { readJsonBody } from '../../http/body.js';
import { sendJson } from '../../http/respond.js';
import type { RouteHandler } from '../../http/router.js';
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

/** POST /api/chat → { replies: [{ text, choices?: [{ id, label }] }] } */
export function webChatRoute(conversations: ConversationService): RouteHandler {
  return async (req, res) => {
    const body = await readJsonBody(req, MAX_BODY_BYTES);
    if (!body.ok) return sendJson(res, body.status, { error: body.error });
    const parsed = webChatRequestSchema.safeParse(body.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return sendJson(res, 400, { error: `${issue.path.join('.') || 'body'}: ${issue.message}` });
    }
    const r = parsed.data;
    const base = { conversationId: webConversationId(r.clientId), languageHint: r.lang };
    let inbound: InboundMessage;
    if (r.choice !== undefined) inbound = { ...base, kind: 'choice', choiceId: r.choice };
    else {
      const command = parseCommand(r.text!);
      inbound = command ? { ...base, kind: 'command', ...command } : { ...base, kind: 'text', text: r.text! };
    }
    const replies = await conversations.handle(inbound);
    sendJson(res, 200, { replies });
  };
}

const inboxQuery = z.object({
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 characters of A-Z, a-z, 0-9, _ or -'),
  after: z.coerce.number().int().min(0).default(0),
});

/** GET /api/chat/inbox?clientId=…&after=N → { messages: [{ id, reply }] }: staff answers that arrived for this browser. */
export function webInboxRoute(inbox: WebInbox): RouteHandler {
  return async (req, res) => {
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
    const parsed = inboxQuery.safeParse(params);
    if (!parsed.success) return sendJson(res, 400, { error: `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}` });
    const messages = await inbox.since(parsed.data.clientId, parsed.data.after);
    sendJson(res, 200, { messages: messages.map((m) => ({ id: m.id, reply: m.message })) });
  };
}
