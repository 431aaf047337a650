import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const secret = 'zalo-secret-123';

describe('Zalo, webhook mode, through a fake Zalo Bot API', () => {
  const zalo = new FakeZalo();
  const telegram = new FakeTelegram();
  const staff = telegram.staffGroup.id;
  let app: TestApp;
  const post = (body: unknown, token: string | null = secret) =>
    fetch(`${app.baseUrl}/zalo/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-bot-api-secret-token': token } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** Sends a text and waits until the bot's answer (all its messages) has arrived. */
  const say = async (chat: string, text: string, expectMessages = 1) => {
    const before = zalo.sentTo(chat).length;
    expect((await post(zalo.text(chat, text))).status).toBe(200);
    await zalo.waitFor(() => zalo.sentTo(chat).length >= before + expectMessages);
    await app.queue.drained(10_000);
    return zalo.sentTo(chat).slice(before).join('\n\n');
  };

  beforeAll(async () => {
    const zaloRoot = await zalo.start();
    const tgRoot = await telegram.start();
    app = await startTestApp({
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zaloRoot,
      ZALO_WEBHOOK_URL: 'https://bot.example.org/zalo/webhook',
      ZALO_WEBHOOK_SECRET: secret,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: tgRoot,
      TELEGRAM_STAFF_CHAT_ID: String(staff),
    });
  });
  afterAll(async () => {
    await app?.close();
    await zalo.stop();
    await telegram.stop();
  });

  it('registers the webhook with its secret at start', () => {
    expect(zalo.calls.map((c) => c.method)).toContain('getMe');
    expect(zalo.webhook).toEqual({ url: 'https://bot.example.org/zalo/webhook', secret_token: secret });
  });

  it('answers a question typed without diacritics with the citation', async () => {
    const answer = await say('z1', 'htx vay von uu dai o dau');
    expect(answer).toMatch(/Căn cứ: .*Nghị định 45\/2021\/NĐ-CP/);
    expect(answer).toMatch(/\n1\. 👍 Hữu ích/);
  });

  it('navigates by numbers and by words, since Zalo has no buttons', async () => {
    const menu = await say('z2', 'menu');
    const browse = menu.split('\n').find((l) => l.includes('Chính sách hỗ trợ'))!;
    const topics = await say('z2', browse.split('.')[0]!);
    expect(topics).toContain('Chọn một chủ đề');
    const credit = topics.split('\n').find((l) => l.includes('Tín dụng, vay vốn'))!;
    expect(await say('z2', credit.split('.')[0]!)).toContain('Chính sách về Tín dụng');
    expect(await say('z2', 'huy')).toContain('Đã hủy');
  });

  it('files a difficulty with a photo; staff answer in the Telegram staff chat and the Zalo member gets it', async () => {
    const chat = 'z3';
    await say(chat, '/khokhan');
    await say(chat, 'HTX Nấm Việt Yên');
    await say(chat, '2');
    await say(chat, 'Tân Yên');
    await say(chat, '3'); // young-labour
    await say(chat, 'Chưa biết thủ tục xin hỗ trợ lương cho kỹ sư mới tuyển');
    await say(chat, '1');
    const before = zalo.sentTo(chat).length;
    expect((await post(zalo.event(chat, 'message.image.received', { photo_url: 'https://example.org/nam.jpg' }))).status).toBe(200);
    await zalo.waitFor(() => zalo.sentTo(chat).length > before);
    await say(chat, 'xong');
    await say(chat, 'bo qua');
    await say(chat, 'co');
    const filed = await say(chat, '1');
    expect(filed).toContain('Mã hồ sơ: KK-2026-0001');
    const photo = await telegram.waitFor(() => telegram.callsOf('sendPhoto').find((c) => c.body['photo'] === 'https://example.org/nam.jpg'));
    expect(photo.body['chat_id']).toBe(staff);
    const topicId = (await app.tickets.get('KK-2026-0001'))!.staffThread!.topicId!;
    const count = zalo.sentTo(chat).length;
    telegram.groupMessage(staff, 42, 'Liên minh sẽ gửi mẫu hồ sơ qua Zalo cho HTX.', { topicId });
    await zalo.waitFor(() => zalo.sentTo(chat).length > count);
    expect(zalo.sentTo(chat).at(-1)).toContain('💬 Liên minh HTX tỉnh trả lời hồ sơ KK-2026-0001');
  });

  it('rejects a wrong secret with 401 and handles nothing; a malformed body gets 400', async () => {
    const before = zalo.sentTo('z4').length;
    expect((await post(zalo.text('z4', '/start'), 'wrong-secret')).status).toBe(401);
    expect((await post(zalo.text('z4', '/start'), null)).status).toBe(401);
    expect((await post('{nope')).status).toBe(400);
    expect((await post({ event_name: 'message.text.received' })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 200));
    expect(zalo.sentTo('z4')).toHaveLength(before);
  });

  it('answers the same update posted twice only once', async () => {
    const update = zalo.text('z5', '/help');
    const [a, b] = await Promise.all([post(update), post(update)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await app.queue.drained(10_000);
    expect(zalo.sentTo('z5')).toHaveLength(1);
  });

  it('delivers a 4,000-character staff answer as messages of at most 2,000 characters, in order', async () => {
    const t = await app.tickets.file({ kind: 'question', memberId: 'zalo:z6', locale: 'vi', topic: null, cooperative: null, role: null, commune: null, content: 'Hỏi dài', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null });
    await app.tickets.setStaffThread(t.code, { chatId: staff, topicId: 777 });
    const paragraphs = Array.from({ length: 8 }, (_, i) => `Đoạn ${i + 1}: ${'nội dung trả lời '.repeat(29)}`.trim());
    telegram.groupMessage(staff, 42, paragraphs.join('\n\n'), { topicId: 777 });
    await zalo.waitFor(() => zalo.sentTo('z6').length >= 2);
    await app.queue.drained(10_000);
    const sent = zalo.sentTo('z6');
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const m of sent) expect([...m].length).toBeLessThanOrEqual(2000);
    const joined = sent.join('\n\n');
    for (let i = 1; i < 8; i++) expect(joined.indexOf(`Đoạn ${i}:`)).toBeLessThan(joined.indexOf(`Đoạn ${i + 1}:`));
  });

  it('answers stickers, voice and unsupported messages with what it understands', async () => {
    for (const [i, event] of ['message.sticker.received', 'message.voice.received', 'message.unsupported.received'].entries()) {
      const chat = `z7${i}`;
      expect((await post(zalo.event(chat, event))).status).toBe(200);
      await zalo.waitFor(() => zalo.sentTo(chat)[0]);
      expect(zalo.sentTo(chat)[0]).toContain('Tôi hiểu tin nhắn chữ');
    }
  });

  it('still delivers every reply once while the API answers 429 and 500 for a while', async () => {
    zalo.failNext('sendMessage', 2, { status: 429, description: 'quota exceeded' });
    zalo.failNext('sendMessage', 2, { status: 500, description: 'server error' });
    for (const chat of ['z81', 'z82', 'z83']) expect((await post(zalo.text(chat, '/help'))).status).toBe(200);
    await zalo.waitFor(() => ['z81', 'z82', 'z83'].every((c) => zalo.sentTo(c).length >= 1), 20_000);
    await app.queue.drained(20_000);
    for (const chat of ['z81', 'z82', 'z83']) expect(zalo.sentTo(chat)).toHaveLength(1);
  });
});

describe('Zalo, polling mode', () => {
  const zalo = new FakeZalo();
  let app: TestApp;
  beforeAll(async () => {
    const root = await zalo.start();
    app = await startTestApp({ ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: root });
  });
  afterAll(async () => {
    await app?.close();
    await zalo.stop();
  });

  it('gets updates one at a time, takes 408 as "none yet", and answers', async () => {
    expect(zalo.calls.map((c) => c.method)).toContain('deleteWebhook');
    await new Promise((r) => setTimeout(r, 300)); // a few empty (408) polls first
    zalo.push(zalo.text('p1', 'thue mon bai nam 2026'));
    zalo.push(zalo.text('p2', '/start'));
    await zalo.waitFor(() => zalo.sentTo('p1')[0] && zalo.sentTo('p2')[0]);
    expect(zalo.sentTo('p1')[0]).toContain('Căn cứ:');
    expect(zalo.sentTo('p2')[0]).toContain('Xin chào');
  });
});

describe('Zalo start-up', () => {
  it('stops with a clear line when Zalo rejects the token', async () => {
    const zalo = new FakeZalo();
    const root = await zalo.start();
    try {
      await expect(startTestApp({ ZALO_BOT_TOKEN: 'wrong-token-123', ZALO_API_ROOT: root })).rejects.toThrow(/Invalid ZALO_BOT_TOKEN: Zalo answered 401/);
    } finally {
      await zalo.stop();
    }
  });
});
