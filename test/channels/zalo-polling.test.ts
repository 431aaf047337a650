import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZaloApi } from '../../src/channels/zalo/zalo-api.js';
import { startZaloPolling } from '../../src/channels/zalo/zalo-polling.js';
import { zaloToInbound, zaloUpdateSchema, type ZaloEvent } from '../../src/channels/zalo/zalo-update.js';
import { FakeZalo } from '../support/fake-zalo.js';

describe('Zalo polling', () => {
  const zalo = new FakeZalo();
  let root: string;
  beforeAll(async () => {
    root = await zalo.start();
  });
  afterAll(async () => zalo.stop());

  it('retries an update whose handling failed instead of moving past it', async () => {
    const seen: string[] = [];
    let failures = 1;
    const polling = startZaloPolling({
      api: new ZaloApi(zalo.token, root),
      logger: pino({ level: 'silent' }),
      timeoutSeconds: 1,
      handle: async (e: ZaloEvent) => {
        seen.push(e.message.text ?? '');
        if (failures-- > 0) throw new Error('storage briefly down');
      },
    });
    zalo.push(zalo.text('u1', 'câu hỏi một'));
    zalo.push(zalo.text('u1', 'câu hỏi hai'));
    await zalo.waitFor(() => seen.length >= 3);
    await polling.stop();
    expect(seen.slice(0, 3)).toEqual(['câu hỏi một', 'câu hỏi một', 'câu hỏi hai']);
  });
});

describe('Zalo events', () => {
  const message = { message_id: 'm1', date: 1, chat: { id: 'c1', chat_type: 'PRIVATE' }, from: { id: 'c1', display_name: 'A', is_bot: false } };

  it('accept the wrapped and the bare webhook body alike', () => {
    const bare = { event_name: 'message.text.received', message: { ...message, text: '/status KK-2026-0001' } };
    expect(zaloUpdateSchema.parse({ ok: true, result: bare })).toEqual(zaloUpdateSchema.parse(bare));
    expect(zaloToInbound(zaloUpdateSchema.parse(bare))).toEqual({ conversationId: 'zalo:c1', maxAnswerChoices: 5, buttons: false, kind: 'command', command: 'status', args: 'KK-2026-0001' });
  });

  it('turn an image into a photo with its URL, and ignore the bot\'s own messages', () => {
    const image = zaloUpdateSchema.parse({ event_name: 'message.image.received', message: { ...message, photo_url: 'https://x/y.jpg', caption: 'ruộng' } });
    expect(zaloToInbound(image)).toEqual({ conversationId: 'zalo:c1', maxAnswerChoices: 5, buttons: false, kind: 'photo', photo: 'https://x/y.jpg', caption: 'ruộng' });
    const own = zaloUpdateSchema.parse({ event_name: 'message.text.received', message: { ...message, from: { id: 'bot', is_bot: true }, text: 'hi' } });
    expect(zaloToInbound(own)).toBeUndefined();
  });

  it('reject a body without an event name or message', () => {
    expect(zaloUpdateSchema.safeParse({ ok: true, result: { message } }).success).toBe(false);
    expect(zaloUpdateSchema.safeParse({ event_name: 'x' }).success).toBe(false);
  });
});
