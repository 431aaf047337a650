import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZaloOaApi } from '../../../src/channels/zalo-oa/oa-api.js';
import { OaMessenger } from '../../../src/channels/zalo-oa/oa-messenger.js';
import { zaloOaSender } from '../../../src/channels/zalo-oa/oa-sender.js';
import { sqliteZaloOaStore } from '../../../src/channels/zalo-oa/sqlite-oa-store.js';
import { OaTokenKeeper } from '../../../src/channels/zalo-oa/token-keeper.js';
import type { DeliveryJob } from '../../../src/delivery/delivery-job.js';
import { classifyFailure } from '../../../src/delivery/errors.js';
import { blockedByMember } from '../../../src/announcements/blocked.js';
import { oaDeliveryFailure, ZaloOaError } from '../../../src/channels/zalo-oa/oa-errors.js';
import type { MemberPart } from '../../../src/relay/payloads.js';
import { FakeZaloOa } from '../../support/fake-zalo-oa.js';

describe('sending to a Zalo OA member through the delivery queue', () => {
  const oa = new FakeZaloOa();
  const store = sqliteZaloOaStore(new Database(':memory:'));
  let send: ReturnType<typeof zaloOaSender>;
  const paragraph = (n: number) => `Đoạn ${n}: ${'chính sách hỗ trợ hợp tác xã '.repeat(40)}`.trim();
  const long: MemberPart = { conversationId: 'zalo-oa:long', reply: { text: [1, 2, 3, 4].map(paragraph).join('\n\n'), choices: [{ id: 'a', label: 'Xem hồ sơ' }, { id: 'b', label: 'Trả lời' }] } };
  const job = (key: string, parts: unknown[]): DeliveryJob => ({ key, channel: 'zalo-oa', parts });

  beforeAll(async () => {
    const root = await oa.start();
    const api = new ZaloOaApi({ appId: oa.appId, secretKey: oa.secretKey, apiRoot: root, oauthRoot: root });
    const tokens = new OaTokenKeeper({ store, refresh: (rt) => api.refresh(rt), logger: pino({ level: 'silent' }) });
    await tokens.seed(oa.firstRefreshToken);
    send = zaloOaSender({ messenger: new OaMessenger(api, tokens), store });
  });
  afterAll(() => oa.stop());

  it('splits a long answer into messages of at most 2,000 characters, in order, choices as numbered lines at the end', async () => {
    oa.memberWrote('long');
    await send(long, job('reply:KK-2026-0001:long', [long]), 0);
    const sent = oa.sentTo('long');
    expect(sent.length).toBeGreaterThan(1);
    for (const text of sent) expect(text.length).toBeLessThanOrEqual(2000);
    expect(sent[0]).toMatch(/^Đoạn 1/);
    expect(sent.at(-1)).toMatch(/1\. Xem hồ sơ\n2\. Trả lời$/);
  });

  it('keeps what the window no longer allows for the member, and later answers wait behind it', async () => {
    oa.memberWrote('cut');
    oa.windowMessages = 1;
    const part = { ...long, conversationId: 'zalo-oa:cut' };
    await send(part, job('reply:KK-2026-0002:cut', [part]), 0);
    expect(oa.sentTo('cut')).toHaveLength(1);
    const later: MemberPart = { conversationId: 'zalo-oa:cut', reply: { text: 'Câu trả lời sau' } };
    oa.memberWrote('cut'); // even with the window open again, the order holds
    await send(later, job('reply:KK-2026-0003:later', [later]), 0);
    const held = await store.held('zalo-oa:cut');
    expect(held.map((h) => h.jobKey)).toEqual(['reply:KK-2026-0002:cut', 'reply:KK-2026-0003:later']);
    expect(held[0]!.texts.length).toBeGreaterThan(0);
    expect(oa.sentTo('cut')).toHaveLength(1);
    oa.windowMessages = 8;
  });

  it('refuses a malformed message for good, without retrying it', async () => {
    const bad: MemberPart = { conversationId: 'zalo-oa:', reply: { text: 'x' } };
    const failure = await send(bad, job('reply:KK-2026-0004:bad', [bad]), 0).catch((e: unknown) => e);
    expect(classifyFailure(failure).kind).toBe('permanent');
  });

  it("reads the OA error codes as the delivery queue's failure kinds", () => {
    const kind = (code: number) => classifyFailure(oaDeliveryFailure(new ZaloOaError('message/cs', code, 'x')));
    expect(kind(-32).kind).toBe('rate-limited');
    expect(kind(500).kind).toBe('retry');
    expect(kind(0).kind).toBe('retry');
    expect(kind(-201).kind).toBe('permanent');
    const blocked = kind(-213);
    expect(blocked.kind).toBe('permanent');
    expect(blockedByMember(blocked.reason)).toBe(true); // an announcement marks the member and skips them next time
    expect(blockedByMember(kind(-201).reason)).toBe(false);
  });
});
