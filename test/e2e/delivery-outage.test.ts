import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

/** A ticket filed straight through the app's service, as a member on Telegram would. */
async function fileFor(app: TestApp, memberChat: number) {
  return app.tickets.file({
    kind: 'question', memberId: `telegram:${memberChat}`, locale: 'vi', topic: 'tax', cooperative: null, role: null, commune: null,
    content: 'HTX có được miễn thuế đất không?', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null,
  });
}

describe('a platform outage delays a delivery, never drops or doubles it', () => {
  const telegram = new FakeTelegram();
  const staff = telegram.staffGroup.id;
  let apiRoot: string;
  const repliesTo = (chatId: number) => telegram.callsOf('sendMessage').filter((c) => Number(c.body['chat_id']) === chatId && String(c.body['text']).includes('trả lời hồ sơ'));

  beforeAll(async () => {
    apiRoot = await telegram.start();
  });
  afterAll(async () => telegram.stop());

  it('delivers a staff answer once through a spell of 429s and 500s', async () => {
    const app = await startTestApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(staff) });
    try {
      const t = await fileFor(app, 8101);
      telegram.failNext('sendMessage', 2, { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
      telegram.failNext('sendMessage', 2, { status: 500, description: 'Internal Server Error' });
      await app.tickets.setStaffThread(t.code, { chatId: staff, topicId: 900 });
      telegram.groupMessage(staff, 42, 'Có, theo Luật HTX Điều 21.', { topicId: 900 });
      await telegram.waitFor(() => repliesTo(8101)[0], 20_000);
      await app.queue.drained(20_000);
      expect(repliesTo(8101)).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('shows a failure the platform will not recover from in the staff chat, and in the ticket history', async () => {
    const app = await startTestApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(staff) });
    try {
      const t = await fileFor(app, 8103);
      await app.tickets.setStaffThread(t.code, { chatId: staff, topicId: 902 });
      telegram.failNext('sendMessage', 1, { status: 403, description: 'Forbidden: bot was blocked by the user' });
      telegram.groupMessage(staff, 42, 'Trả lời cho thành viên đã chặn bot.', { topicId: 902 });
      const notice = await telegram.waitFor(() => telegram.callsOf('sendMessage').find((c) => String(c.body['text']).includes('Không gửi được tin') && String(c.body['text']).includes(t.code)));
      expect(notice.body['chat_id']).toBe(staff);
      expect((await app.tickets.history(t.code)).map((e) => e.type)).toContain('delivery-failed');
    } finally {
      await app.close();
    }
  });

  it('announces at start a ticket filed just before the process stopped, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'htx-announce-'));
    const env = { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(staff) };
    const first = await startTestApp(env, { dataDir, keepData: true });
    const t = await fileFor(first, 8104); // filed, but the process stops before announcing it
    await first.close();
    const second = await startTestApp(env, { dataDir });
    try {
      await telegram.waitFor(() => telegram.callsOf('createForumTopic').find((c) => String(c.body['name']).startsWith(t.code)));
      await second.queue.drained(10_000);
      expect(telegram.callsOf('createForumTopic').filter((c) => String(c.body['name']).startsWith(t.code))).toHaveLength(1);
      expect((await second.tickets.get(t.code))!.staffThread).not.toBeNull();
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('delivers once after the process stops with a delivery pending and starts again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'htx-restart-'));
    const env = { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(staff) };
    const first = await startTestApp(env, { dataDir, keepData: true });
    const t = await fileFor(first, 8102);
    await first.tickets.setStaffThread(t.code, { chatId: staff, topicId: 901 });
    telegram.failNext('sendMessage', 1000, { status: 502, description: 'Bad Gateway' });
    telegram.groupMessage(staff, 42, 'Liên minh đang hỏi cơ quan thuế.', { topicId: 901 });
    await waitFor(async () => (await first.queue.stats()).pending === 1);
    await new Promise((r) => setTimeout(r, 300)); // at least one attempt has failed
    await first.close(); // stopped while the answer waits for a retry
    expect(repliesTo(8102)).toHaveLength(0);
    telegram.clearFailures();
    const second = await startTestApp(env, { dataDir });
    try {
      await telegram.waitFor(() => repliesTo(8102)[0], 20_000);
      await second.queue.drained(20_000);
      expect(repliesTo(8102)).toHaveLength(1);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
