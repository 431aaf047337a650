import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import type { Storage } from '../../src/storage/ports.js';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { FakeTelegram, type RecordedCall } from '../support/fake-telegram.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { waitFor } from '../support/wait-for.js';
import { webClient } from '../e2e/web-helpers.js';
import { runCli } from '../cli/cli-process.js';
import { consoleClient } from '../staff-web/console-client.js';
import { startLoopbackProxy, type LoopbackProxy } from './loopback-proxy.js';

/**
 * The production topology of deploy/compose.yaml without Docker: one Redis, two bot processes on
 * it, and a reverse proxy in front handing requests to each in turn. Members on the web chat and on
 * Telegram (webhooks, each delivered twice as Telegram does on a retry) and staff at the console
 * all go through the one address while a broadcast goes out; every answer, staff reply and
 * announcement arrives once, every ticket is filed once, and both processes do the work.
 */

const SECRET = 'S3cret_for-the-webhook_0123456789abcdef';
const PASSWORD = 'mat-khau-dai-du-10';
const WEB_MEMBERS = 8;
const TELEGRAM_ASKERS = 8;
const TELEGRAM_FILERS = 4;
/** Two questions with different entries for an answer (so each answer's text is expected once a chat). */
const QUESTIONS = ['htx co phai nop thue tndn khong', 'htx vay von uu dai o dau'] as const;
/** A difficulty form from its start to "send", as a member types and taps it (the same steps on every channel). */
const DIFFICULTY: Array<{ choice: string } | { text: string }> = [
  { choice: 'form:start:difficulty' },
  ...['HTX Đồng Tâm', '1', 'xa tan yen', '1', 'Thiếu vốn lưu động để thu mua vải thiều cho thành viên', '1'].map((text) => ({ text })),
  { choice: 'form:skip' },
  { choice: 'form:skip' },
  { choice: 'form:opt:no' },
  { choice: 'form:confirm' },
];
const FILED = /Mã hồ sơ: (KK-\d{4}-\d{4})/;
const ANNOUNCEMENT = 'Hội nghị đối thoại giữa tỉnh và các HTX họp ngày 15/12; gửi kiến nghị trước ngày 10/12.';

describe('two bot processes on one Redis behind one reverse proxy', () => {
  const telegram = new FakeTelegram();
  let redis: RedisProcess;
  let bots: AppProcess[] = [];
  let proxy: LoopbackProxy;
  let storage: Storage;

  beforeAll(async () => {
    const apiRoot = await telegram.start();
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      TRUST_PROXY: 'loopback',
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_STAFF_CHAT_ID: String(telegram.staffGroup.id),
      LIMIT_WEB_PER_IP_PER_MINUTE: '100000',
      LIMIT_WEB_PER_CLIENT_PER_MINUTE: '1000',
      LIMIT_MESSAGES_PER_MINUTE: '1000',
    };
    bots = await Promise.all([spawnApp(env), spawnApp(env)]);
    proxy = await startLoopbackProxy(bots.map((b) => b.url));
    storage = await openRedisStorage(redis.url);
    await storage.accounts.create({ login: 'lan', name: 'Nguyễn Thị Lan', role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    await proxy?.close();
    await Promise.all(bots.map((b) => b.stop()));
    await redis?.stop();
    await telegram.stop();
  });

  /** Posts a Telegram update to the proxy's webhook address, as Telegram does, with the secret. */
  const webhook = async (update: Record<string, unknown>) => {
    const res = await fetch(`${proxy.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
  };
  /** What the bot sent to one chat (members' private chats, or the staff group). */
  const sentTo = (chatId: number) => telegram.calls.filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && Number(c.body['chat_id']) === chatId);
  const textOf = (call: RecordedCall) => String(call.body['text'] ?? '');
  /** Texts sent to a chat more than once (a message delivered twice). */
  const sentTwice = (chatId: number) => {
    const seen = new Map<string, number>();
    for (const call of sentTo(chatId)) seen.set(textOf(call), (seen.get(textOf(call)) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([text]) => text.slice(0, 60));
  };
  /** Deliveries not yet made, as each process reports them at /healthz (the queue is shared). */
  const pendingDeliveries = async () =>
    (await Promise.all(bots.map(async (b) => ((await (await fetch(`${b.url}/healthz`)).json()) as { deliveries: { pending: number } }).deliveries.pending))).reduce((a, b) => a + b, 0);

  /** A web chat member asks a question, then files a difficulty; returns the ticket's code. */
  async function webMember(): Promise<{ clientId: string; code: string }> {
    const member = webClient(proxy.url);
    const answer = await member.chat({ text: QUESTIONS[0] });
    expect(answer.replies[0]!.text).toContain('Căn cứ:');
    let last = '';
    for (const step of DIFFICULTY) last = (await member.chat(step)).replies[0]!.text;
    return { clientId: member.clientId, code: FILED.exec(last)![1]! };
  }

  /**
   * A Telegram member asks both questions; each update reaches the proxy twice, the second after the
   * first was answered (Telegram's retry), as often as not at the other process.
   */
  async function telegramAsker(chatId: number): Promise<void> {
    for (const question of QUESTIONS) {
      const update = telegram.textMessage(chatId, question);
      await webhook(update);
      await webhook(update);
    }
  }

  /** A Telegram member files a difficulty with buttons and typed answers; returns the ticket's code. */
  async function telegramFiler(chatId: number): Promise<string> {
    for (const step of DIFFICULTY) {
      const before = sentTo(chatId).length;
      const anyMessage: RecordedCall = sentTo(chatId).at(-1) ?? { method: 'sendMessage', body: { _message_id: 1, text: '' } };
      await webhook('choice' in step ? telegram.buttonPress(chatId, anyMessage, step.choice) : telegram.textMessage(chatId, step.text));
      // The next step waits for this step's answer, as a person reads before tapping.
      await waitFor(() => sentTo(chatId).length > before, 15_000);
    }
    return FILED.exec(textOf(sentTo(chatId).at(-1)!))![1]!;
  }

  it('deliver every answer, staff reply and announcement once and file every ticket once, with both processes serving', async () => {
    const askers = Array.from({ length: TELEGRAM_ASKERS }, (_, i) => 8100 + i);
    const filers = Array.from({ length: TELEGRAM_FILERS }, (_, i) => 8200 + i);
    const [web, , telegramCodes] = await Promise.all([
      Promise.all(Array.from({ length: WEB_MEMBERS }, () => webMember())),
      Promise.all(askers.map((chat) => telegramAsker(chat))),
      Promise.all(filers.map((chat) => telegramFiler(chat))),
    ]);

    // A broadcast to every subscriber (the Telegram askers and the web chat members), queued with
    // the staff CLI while staff reply at the console; both processes sweep for announcements to start.
    const consent = { topics: ['dialogue' as const], commune: null, locale: 'vi' as const, consentAt: new Date().toISOString() };
    for (const chat of askers) await storage.subscriptions.save({ memberId: `telegram:${chat}`, ...consent });
    for (const { clientId } of web) await storage.subscriptions.save({ memberId: `web:${clientId}`, ...consent });
    const broadcast = runCli('staff', ['announce', 'send', '--to', 'all', ANNOUNCEMENT], { env: { REDIS_URL: redis.url, STAFF_NAME: 'Lan' } });

    // Staff at the console, behind the same address: each page and form may reach either process.
    const staff = consoleClient(proxy.url);
    expect((await staff.login('lan', PASSWORD)).status).toBe(303);
    const codes = [...web.map((w) => w.code), ...telegramCodes];
    const reply = (code: string) => `Liên minh đã nhận hồ sơ ${code} và sẽ gọi lại trong tuần.`;
    for (const code of codes) {
      const page = await staff.get(`/staff/tickets/${code}`);
      const key = /name="key" value="([^"]+)"/.exec(page.text)![1]!;
      expect((await staff.post(`/staff/tickets/${code}/reply`, { text: reply(code), key })).status).toBe(303);
    }
    expect((await broadcast).status).toBe(0);
    const announced = (chat: number) => sentTo(chat).filter((c) => textOf(c).includes(ANNOUNCEMENT));
    const webAnnounced = async (clientId: string) => (await webClient(proxy.url, clientId).inbox()).filter((m) => JSON.stringify(m).includes(ANNOUNCEMENT));
    await waitFor(async () => askers.every((chat) => announced(chat).length > 0) && (await Promise.all(web.map(async (w) => (await webAnnounced(w.clientId)).length > 0))).every(Boolean), 30_000);
    await waitFor(async () => (await pendingDeliveries()) === 0, 20_000);

    // Tickets: one a member, one staff-chat topic a ticket.
    expect(new Set(codes).size).toBe(WEB_MEMBERS + TELEGRAM_FILERS);
    for (const { clientId } of web) expect(await storage.tickets.byMember(`web:${clientId}`)).toHaveLength(1);
    for (const chat of filers) expect(await storage.tickets.byMember(`telegram:${chat}`)).toHaveLength(1);
    const topics = telegram.callsOf('createForumTopic').map((c) => String(c.body['name']).split(' ')[0]);
    expect(topics.sort()).toEqual([...codes].sort());

    // Telegram members: each question answered once, the announcement once, nothing sent twice; the staff reply once.
    for (const chat of askers) {
      expect(sentTo(chat).filter((c) => textOf(c).includes('Căn cứ:'))).toHaveLength(QUESTIONS.length);
      expect(announced(chat)).toHaveLength(1);
      expect(sentTo(chat)).toHaveLength(QUESTIONS.length + 1);
      expect(sentTwice(chat)).toEqual([]);
    }
    for (const [i, chat] of filers.entries()) {
      expect(sentTwice(chat)).toEqual([]);
      expect(sentTo(chat).filter((c) => textOf(c).includes(reply(telegramCodes[i]!)))).toHaveLength(1);
    }
    expect(sentTwice(telegram.staffGroup.id)).toEqual([]);

    // Web chat members: the staff reply and the announcement in their inbox once each.
    for (const { clientId, code } of web) {
      const inbox = await webClient(proxy.url, clientId).inbox();
      expect(inbox.filter((m) => m.reply?.text.includes(reply(code)))).toHaveLength(1);
      expect(await webAnnounced(clientId)).toHaveLength(1);
    }

    // Both processes took their share of the requests, and both are still up.
    expect(proxy.served.every((n) => n > 50)).toBe(true);
    for (const bot of bots) expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  }, 90_000);
});
