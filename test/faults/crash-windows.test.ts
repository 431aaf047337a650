import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { spawnApp } from '../support/app-process.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startTestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

/**
 * kill -9 between two writes, then a restart: a member filing a difficulty on Telegram (long
 * polling, so an update not yet confirmed comes again after the restart) with a staff chat. The
 * ticket is filed once, the member is told its reference, staff see it announced.
 */
describe('a kill -9 between two writes loses nothing and doubles nothing', () => {
  const telegram = new FakeTelegram();
  let apiRoot: string;
  beforeAll(async () => {
    apiRoot = await telegram.start();
  });
  afterAll(async () => telegram.stop());

  let nextChat = 880_000;
  const sentTo = (chat: number) => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chat).map((c) => String(c.body['text']));
  /** Staff-chat posts about `code` since call number `from` (each scenario has a fresh database, so codes repeat). */
  const staffPosts = (code: string, from: number) =>
    telegram.callsOf('sendMessage').slice(from).filter((c) => c.body['chat_id'] === telegram.staffGroup.id && String(c.body['text']).includes(code));

  /** Sends one message and waits for the bot's answer to it. */
  async function say(chat: number, text: string) {
    const before = sentTo(chat).length;
    telegram.textMessage(chat, text);
    return waitFor(() => sentTo(chat).length > before && sentTo(chat).at(-1), 15_000);
  }

  async function scenario(point: string) {
    const chat = nextChat++;
    const from = telegram.callsOf('sendMessage').length;
    const dataDir = mkdtempSync(join(tmpdir(), 'htx-crash-'));
    const env = { DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(telegram.staffGroup.id) };
    // Up to the summary, with nothing to crash: in this process (the crash and the restart need processes of their own).
    const first = await startTestApp(env, { dataDir, keepData: true });
    await say(chat, '/khokhan');
    for (const answer of ['HTX Đồng Tâm', '1', 'xa tan yen', '1', 'Thiếu vốn lưu động để thu mua vải thiều cho thành viên', '1', 'bỏ qua', 'không']) await say(chat, answer);
    expect(await say(chat, 'không')).toContain('Kiểm tra lại trước khi gửi');
    await first.close();
    // "Gửi", and the process is killed at the point.
    const crashing = await spawnApp({ ...env, HTX_CRASH_AT: point });
    telegram.textMessage(chat, 'có');
    expect((await crashing.exited()).signal).toBe('SIGKILL');
    // Started again (in this process: the same start-up reads what the killed process left), it finishes the work.
    const again = await startTestApp(env, { dataDir, keepData: true });
    const told = await waitFor(() => sentTo(chat).find((t) => /Mã hồ sơ: KK-2026-\d{4}/.test(t)), 15_000);
    const code = /KK-2026-\d{4}/.exec(told)![0];
    await waitFor(() => staffPosts(code, from).length > 0, 15_000);
    await new Promise((r) => setTimeout(r, 600)); // anything doubled would have been sent by now
    await again.close();
    const storage = openSqliteStorage(dataDir);
    const tickets = (await storage.tickets.all()).filter((t) => t.memberId === `telegram:${chat}`);
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
    return { tickets, confirmations: sentTo(chat).filter((t) => t.includes(code)).length, announcements: staffPosts(code, from).filter((c) => String(c.body['text']).includes('KK-')).length };
  }

  // exact: what must happen exactly once after a kill at this point; the rest happens at least once
  // and at most twice. Between a platform accepting a message and the process recording it, no
  // platform offers an idempotent send: that message may go out twice, never zero times.
  const cases: Array<{ point: string; exact: Array<'confirmations' | 'announcements'> }> = [
    { point: 'turn:before-commit', exact: ['confirmations', 'announcements'] },
    { point: 'turn:after-commit', exact: ['confirmations', 'announcements'] },
    // The member's reply may have been sent but not yet recorded when the queue's worker is killed.
    { point: 'delivery:before-send', exact: ['announcements'] },
    // The announcement may be on its way to staff while the member's reply is sent.
    { point: 'turn:after-send', exact: [] },
    { point: 'delivery:after-send', exact: [] },
  ];
  for (const { point, exact } of cases) {
    it(`killed at ${point}: one ticket; ${exact.length ? `${exact.join(' and ')} exactly once` : 'nothing lost'}`, async () => {
      const r = await scenario(point);
      expect(r.tickets).toHaveLength(1);
      for (const what of ['confirmations', 'announcements'] as const) {
        if (exact.includes(what)) expect(r[what], what).toBe(1);
        else expect([1, 2], what).toContain(r[what]);
      }
    }, 90_000);
  }

  it('killed after a staff answer is recorded and before it is sent: the member gets it once, after the restart', async () => {
    const chat = nextChat++;
    const dataDir = mkdtempSync(join(tmpdir(), 'htx-crash-'));
    const env = { DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot, TELEGRAM_STAFF_CHAT_ID: String(telegram.staffGroup.id) };
    const from = telegram.callsOf('createForumTopic').length;
    const first = await startTestApp(env, { dataDir, keepData: true });
    await say(chat, '/khokhan');
    for (const answer of ['HTX Đồng Tâm', '1', 'xa tan yen', '1', 'Thiếu vốn lưu động để thu mua vải thiều cho thành viên', '1', 'bỏ qua', 'không', 'không']) await say(chat, answer);
    await say(chat, 'có');
    const topic = await waitFor(() => telegram.callsOf('createForumTopic').slice(from)[0], 15_000);
    await new Promise((r) => setTimeout(r, 300));
    await first.close();
    const crashing = await spawnApp({ ...env, HTX_CRASH_AT: 'delivery:before-send' });
    const answer = `Liên minh đã làm việc với ngân hàng (${chat}).`;
    telegram.groupMessage(telegram.staffGroup.id, 42, answer, { topicId: topic.body['_thread'] as number });
    expect((await crashing.exited()).signal).toBe('SIGKILL');
    const again = await startTestApp(env, { dataDir, keepData: true });
    await waitFor(() => sentTo(chat).some((t) => t.includes(answer)), 15_000);
    await new Promise((r) => setTimeout(r, 600));
    await again.close();
    expect(sentTo(chat).filter((t) => t.includes(answer))).toHaveLength(1);
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});
