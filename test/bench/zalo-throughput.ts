import { pino } from 'pino';
import { ZaloApi } from '../../src/channels/zalo/zalo-api.js';
import { createZaloHandler } from '../../src/channels/zalo/zalo-channel.js';
import { zaloUpdateSchema } from '../../src/channels/zalo/zalo-update.js';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import type { EngineDeps } from '../../src/conversation/ports.js';
import type { DeliveryQueue } from '../../src/delivery/ports.js';
import type { Storage } from '../../src/storage/ports.js';

/** Webhook bodies as Zalo sends them, from 500 members. */
export function makeZaloBodies(questions: string[], count: number, first = 1): unknown[] {
  return Array.from({ length: count }, (_, i) => ({
    ok: true,
    result: {
      event_name: 'message.text.received',
      message: { message_id: `m${first + i}`, date: 0, chat: { id: `u${i % 500}`, chat_type: 'PRIVATE' }, from: { id: `u${i % 500}`, display_name: 'A', is_bot: false }, text: questions[i % questions.length] },
    },
  }));
}

/**
 * The Zalo webhook path after HTTP: validate the body, take the member's lock, check the applied
 * turn, run the core, commit the session and the turn, and send the replies through a recording transport (as the Telegram path is measured).
 */
export async function zaloPathRate(storage: Storage, queue: DeliveryQueue, engine: EngineDeps, bodies: unknown[], concurrency = 16): Promise<number> {
  const conversations = new ConversationService({ engine, sessions: storage.sessions, lock: storage.lock });
  let sent = 0;
  const recording = async () => ({ status: 200, data: { ok: true, result: { message_id: `b${++sent}` } } });
  const api = new ZaloApi('bench', 'http://127.0.0.1:9', 1000, recording);
  const handle = createZaloHandler({ api, conversations, queue, logger: pino({ level: 'silent' }), t: engine.translator });
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) await handle(zaloUpdateSchema.parse(bodies[next++]));
    }),
  );
  return bodies.length / (Number(process.hrtime.bigint() - t0) / 1e9);
}
