import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { webClient } from '../e2e/web-helpers.js';

type Client = ReturnType<typeof webClient>;
const say = async (client: Client, text: string) => (await client.chat({ text })).replies.map((r) => r.text).join('\n\n');
const codeOf = (reply: string) => /Mã liên kết của bạn: (\d{6})/.exec(reply)![1]!;
/** A six-digit code that is not `code`. */
const wrong = (code: string, n: number) => String((Number(code) + 1 + n) % 1_000_000).padStart(6, '0');

describe('link codes on the web chat', () => {
  let clock = new Date('2026-11-30T03:00:00.000Z');
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { now: () => clock });
  });
  afterAll(async () => app?.close());

  it('works for ten minutes: a code sent later is refused politely and links nothing', async () => {
    const [a, b] = [webClient(app.baseUrl), webClient(app.baseUrl)];
    const code = codeOf(await say(a, '/link'));
    clock = new Date(clock.getTime() + 10 * 60_000 + 1000);
    expect(await say(b, code)).toContain(`Nếu bạn đang liên kết kênh: mã ${code} không đúng hoặc đã hết hạn`);
    expect(await say(b, 'huy lien ket')).toContain('Kênh này chưa liên kết với kênh nào');
    // A new code works.
    const fresh = codeOf(await say(a, 'liên kết'));
    expect(await say(b, `/link ${fresh}`)).toContain('Đã liên kết');
  });

  it('allows five wrong codes an hour per conversation, then asks to wait, even for the right code; others are not held up', async () => {
    const [a, guesser, other] = [webClient(app.baseUrl), webClient(app.baseUrl), webClient(app.baseUrl)];
    const code = codeOf(await say(a, '/link'));
    for (let n = 0; n < 4; n++) expect(await say(guesser, wrong(code, n))).toContain(`còn ${4 - n} lần thử`);
    expect(await say(guesser, wrong(code, 4))).toContain('mã liên kết đã bị nhập sai quá nhiều lần, hãy thử lại sau một giờ');
    expect(await say(guesser, code)).toContain('mã liên kết đã bị nhập sai quá nhiều lần, hãy thử lại sau một giờ');
    expect(await say(other, code)).toContain('Đã liên kết');
  });

  it('tells the member who sends their own code to send it on the other channel', async () => {
    const a = webClient(app.baseUrl);
    const code = codeOf(await say(a, '/link'));
    expect(await say(a, code)).toContain('Mã này được tạo ngay trên kênh này');
  });
});

describe('a link after a restart', () => {
  it('is still there: the second conversation sees the first one\'s ticket, and which one was used last is kept', async () => {
    const first = await startTestApp({}, { keepData: true });
    const [a, b] = [webClient(first.baseUrl), webClient(first.baseUrl)];
    const code = codeOf(await say(a, '/link'));
    expect(await say(b, code)).toContain('Đã liên kết');
    const ticket = await first.tickets.file({ kind: 'question', memberId: `web:${a.clientId}`, locale: 'vi', topic: null, cooperative: null, role: null, commune: null, content: 'Hỏi về vốn vay', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null });
    await first.close();
    const again = await startTestApp({}, { dataDir: first.dataDir });
    try {
      expect(await say(webClient(again.baseUrl, b.clientId), '/status')).toContain(ticket.code);
      expect((await again.storage.links.links(`web:${a.clientId}`)).conversations.map((c) => c.conversationId)).toEqual([`web:${b.clientId}`, `web:${a.clientId}`]);
    } finally {
      await again.close();
    }
  });
});

describe('one code sent to two bot processes on one Redis at the same moment', () => {
  let redis: RedisProcess;
  let apps: TestApp[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    apps = await Promise.all([startTestApp({ REDIS_URL: redis.url }), startTestApp({ REDIS_URL: redis.url })]);
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await redis?.stop();
  });

  it('links once, and the first conversation is told once', async () => {
    const [one, two] = apps as [TestApp, TestApp];
    for (let trial = 0; trial < 5; trial++) {
      const issuer = webClient(one.baseUrl);
      const code = codeOf(await say(issuer, '/link'));
      const [b, c] = [webClient(one.baseUrl), webClient(two.baseUrl)];
      const answers = await Promise.all([say(b, code), say(c, code)]);
      expect(answers.filter((x) => x.includes('Đã liên kết'))).toHaveLength(1);
      const linked = await one.storage.links.links(`web:${issuer.clientId}`);
      expect(linked.conversations).toHaveLength(2);
      await one.queue.drained(10_000);
      await two.queue.drained(10_000);
      const told = (await issuer.inbox()).filter((m) => m.reply?.text.includes('đã được liên kết'));
      expect(told).toHaveLength(1);
    }
  });
});
