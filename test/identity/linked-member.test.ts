import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, type RecordedCall } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { FakeZaloOa } from '../support/fake-zalo-oa.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

/** A member's first channel as the test drives it: the app's environment for it, and one message answered. */
interface FirstChannel {
  prefix: string;
  start(): Promise<Record<string, string>>;
  stop(): Promise<void>;
  /** Sends a text from `chat` and returns everything the bot said back (once the queue is drained). */
  say(app: TestApp, chat: string, text: string): Promise<string>;
  /** Everything the bot sent to `chat` so far. */
  received(chat: string): string[];
  /** Waits until the bot has sent `chat` more than `count` messages. */
  more(chat: string, count: number): Promise<void>;
}

const ZALO_SECRET = 'zalo-secret-123';

/** The Zalo Bot Platform through its fake server. */
function zaloBot(): FirstChannel {
  const zalo = new FakeZalo();
  return {
    prefix: 'zalo',
    async start() {
      return { ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: await zalo.start(), ZALO_WEBHOOK_URL: 'https://bot.example.org/zalo/webhook', ZALO_WEBHOOK_SECRET: ZALO_SECRET };
    },
    stop: () => zalo.stop(),
    async say(app, chat, text) {
      const before = zalo.sentTo(chat).length;
      const res = await fetch(`${app.baseUrl}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': ZALO_SECRET }, body: JSON.stringify(zalo.text(chat, text)) });
      expect(res.status).toBe(200);
      await zalo.waitFor(() => zalo.sentTo(chat).length > before);
      await app.queue.drained(10_000);
      return zalo.sentTo(chat).slice(before).join('\n\n');
    },
    received: (chat) => zalo.sentTo(chat),
    more: async (chat, count) => void (await zalo.waitFor(() => zalo.sentTo(chat).length > count)),
  };
}

/** The Zalo Official Account through its fake OA and OAuth server. */
function zaloOa(): FirstChannel {
  const oa = new FakeZaloOa();
  return {
    prefix: 'zalo-oa',
    start: async () => oa.env(await oa.start()),
    stop: () => oa.stop(),
    async say(app, chat, text) {
      const before = oa.sentTo(chat).length;
      expect((await oa.post(app.baseUrl, oa.text(chat, text))).status).toBe(200);
      await oa.waitFor(() => oa.sentTo(chat).length > before);
      await app.queue.drained(10_000);
      return oa.sentTo(chat).slice(before).join('\n\n');
    },
    received: (chat) => oa.sentTo(chat),
    more: async (chat, count) => void (await oa.waitFor(() => oa.sentTo(chat).length > count)),
  };
}

/** The channel the member files from, with the store: the Zalo OA on both stores, the Zalo Bot Platform on SQLite. */
const CASES = [
  ['sqlite', 'Zalo OA', zaloOa],
  ['redis', 'Zalo OA', zaloOa],
  ['sqlite', 'the Zalo Bot Platform', zaloBot],
] as const;

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const buttons = (call: RecordedCall) => ((call.body['reply_markup'] as Keyboard | undefined)?.inline_keyboard ?? []).flat();

describe.each(CASES)('one member on two channels (%s, first on %s)', (store, _name, firstChannel) => {
  const first = firstChannel();
  const telegram = new FakeTelegram();
  const staff = telegram.staffGroup.id;
  const tgMember = 7301;
  const chat = 'z-linked';
  let redis: RedisProcess | undefined;
  let app: TestApp;
  const tgSent = () => telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.body['chat_id']) === tgMember);
  const tgSay = async (text: string) => {
    const before = tgSent().length;
    telegram.textMessage(tgMember, text);
    await telegram.waitFor(() => tgSent()[before]);
    await app.queue.drained(10_000);
    return tgSent().slice(before);
  };
  const tgPress = async (label: string) => {
    const last = [...tgSent()].reverse().find((c) => buttons(c).some((b) => b.text === label))!;
    const before = tgSent().length;
    telegram.buttonPress(tgMember, last, buttons(last).find((b) => b.text === label)!.callback_data);
    await telegram.waitFor(() => tgSent()[before]);
    await app.queue.drained(10_000);
    return tgSent().slice(before);
  };
  const text = (calls: RecordedCall[]) => calls.map((c) => String(c.body['text'])).join('\n\n');

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp({
      ...(await first.start()),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: await telegram.start(),
      TELEGRAM_STAFF_CHAT_ID: String(staff),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    });
  });
  afterAll(async () => {
    await app?.close();
    await first.stop();
    await telegram.stop();
    await redis?.stop();
  });

  it('files on the first channel, links Telegram with a code (confirmed on both), and sees the ticket in /status on Telegram', async () => {
    for (const step of ['/khokhan', 'HTX Nấm Việt Yên', '2', 'Tân Yên', '3', 'Chưa biết thủ tục xin hỗ trợ lương cho kỹ sư mới tuyển', '1', 'bo qua', 'bo qua', 'co']) await first.say(app, chat, step);
    expect(await first.say(app, chat, '1')).toContain('Mã hồ sơ: KK-2026-0001');

    const given = await first.say(app, chat, '/link');
    const code = /Mã liên kết của bạn: (\d{6})/.exec(given)?.[1];
    expect(code).toBeDefined();
    // Typed with a space in the middle, as people read six digits.
    const linked = text(await tgSay(`${code!.slice(0, 3)} ${code!.slice(3)}`));
    expect(linked).toContain('Đã liên kết. Từ nay bạn dùng chung một tài khoản trên Telegram và Zalo.');
    // Confirmed on the first channel too, through the durable queue.
    expect(first.received(chat).at(-1)).toContain('Kênh này đã được liên kết với Telegram của bạn');

    const status = text(await tgSay('/status'));
    expect(status).toContain('KK-2026-0001 · Khó khăn');
    // A code works once.
    expect(text(await tgSay(code!))).toMatch(/Hai kênh này đã được liên kết|không đúng hoặc đã hết hạn/);
  });

  it('sends a staff answer to the channel the member wrote from last: Telegram, then the first channel after they write there', async () => {
    const topicId = (await app.tickets.get('KK-2026-0001'))!.staffThread!.topicId!;
    const onFirst = first.received(chat).length;
    const before = tgSent().length;
    telegram.groupMessage(staff, 42, 'Liên minh sẽ gửi mẫu hồ sơ cho HTX.', { topicId });
    const answer = await telegram.waitFor(() => tgSent()[before]);
    expect(String(answer.body['text'])).toContain('💬 Liên minh HTX tỉnh trả lời hồ sơ KK-2026-0001');
    await app.queue.drained(10_000);
    expect(first.received(chat)).toHaveLength(onFirst);
    // The answer's buttons work on Telegram for a ticket filed elsewhere.
    expect(text(await tgPress('✍️ Trả lời / gửi thêm'))).toContain('KK-2026-0001');
    await tgSay('Cảm ơn, tôi đã nhận được.');

    await first.say(app, chat, 'menu');
    const tgNow = tgSent().length;
    const waiting = first.received(chat).length;
    telegram.groupMessage(staff, 42, 'Mẫu hồ sơ đã gửi.', { topicId });
    await first.more(chat, waiting);
    await app.queue.drained(10_000);
    expect(first.received(chat).slice(waiting).join('\n')).toContain('Mẫu hồ sơ đã gửi.');
    expect(tgSent()).toHaveLength(tgNow);
  });

  it('/mydata on one channel shows the other; /forget on Telegram erases both channels', async () => {
    const mine = text(await tgSay('/mydata'));
    expect(mine).toContain('Liên kết với: Zalo.');
    expect(mine).not.toContain(`${first.prefix}:${chat}`);
    expect(mine).toContain('KK-2026-0001');
    await tgSay('/forget');
    expect(text(await tgPress('🗑️ Có, xóa'))).toContain('1 hồ sơ đã được ẩn danh');
    expect(await app.storage.sessions.load(`${first.prefix}:${chat}`)).toBeFalsy();
    const ticket = (await app.tickets.get('KK-2026-0001'))!;
    expect(ticket.memberId).toBeNull();
    expect(ticket.anonymised).toBe(true);
    expect(await first.say(app, chat, '/status')).toContain('Bạn chưa có hồ sơ nào');
    expect(await first.say(app, chat, '/unlink')).toContain('Kênh này chưa liên kết với kênh nào');
  });
});
