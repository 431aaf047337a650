import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneLineError, runCli } from '../cli/cli-process.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

const consent = { commune: null, locale: 'vi' as const, consentAt: '2026-11-30T03:00:00.000Z' };

describe('npm run staff -- announce, with the bot running on the same data', () => {
  let app: TestApp;
  beforeAll(async () => {
    // Sweeping every 200 ms (5 s in production): what the CLI queued starts, and is closed, within a fraction of a second.
    app = await startTestApp({}, { keepData: false, announcementSweepMs: 200 });
    await app.storage.subscriptions.save({ memberId: 'web:credit-a', topics: ['credit'], ...consent });
    await app.storage.subscriptions.save({ memberId: 'web:credit-b', topics: ['credit', 'tax'], ...consent });
    await app.storage.subscriptions.save({ memberId: 'web:tax-only', topics: ['tax'], ...consent });
  });
  afterAll(async () => app?.close());
  const staff = (...args: string[]) => runCli('staff', ['announce', ...args], { env: { DATA_DIR: app.dataDir, STAFF_NAME: 'Lan' } });

  it('counts the recipients, and the running bot sends what the CLI queued to them only, with how to stop', async () => {
    expect((await staff('count', '--to', 'topic:credit')).stdout.toString()).toBe('2 recipients\n');
    const sent = await staff('send', '--to', 'topic:credit', '--link', 'https://lmhtx.example.vn/vay-von', 'Quỹ hỗ trợ HTX mở đợt cho vay mới.');
    expect(sent.stdout.toString()).toMatch(/^#\d+ queued: the running bot starts it within seconds to 2 recipients\n$/);
    const inbox = (id: string) => app.storage.webInbox.recent(id, 10);
    const got = await waitFor(async () => {
      const [a, b] = await Promise.all([inbox('credit-a'), inbox('credit-b')]);
      return a.length > 0 && b.length > 0 && [a, b];
    }, 20_000);
    const text = JSON.stringify(got[0]![0]!.message);
    expect(text).toContain('Quỹ hỗ trợ HTX mở đợt cho vay mới.');
    expect(text).toContain('https://lmhtx.example.vn/vay-von');
    expect(text).toContain('/unsubscribe');
    expect(await inbox('tax-only')).toEqual([]);
    const id = /^#(\d+)/.exec(sent.stdout.toString())![1]!;
    await waitFor(async () => (await app.announcements.progress(id))?.announcement.status === 'done', 20_000);
    expect((await staff('show', id)).stdout.toString()).toContain(' done · 2 sent, 0 failed, 0 blocked of 2 ·');
  }, 60_000);

  it('schedules for a time in Vietnam, cancels before it starts, and refuses a wrong command line in one line', async () => {
    const scheduled = await staff('send', '--to', 'all', '--at', '2099-01-02 08:00', 'Chúc mừng năm mới');
    expect(scheduled.stdout.toString()).toMatch(/^#(\d+) scheduled for 02\/01\/2099 08:00 to 3 recipients\n$/);
    const id = /^#(\d+)/.exec(scheduled.stdout.toString())![1]!;
    expect((await staff('cancel', id)).stdout.toString()).toBe(`#${id} cancelled\n`);
    expectOneLineError(await staff('cancel', id), 1, `Announcement #${id} cannot be cancelled: it does not exist, has started or has ended`);
    expect((await app.announcements.progress(id))?.announcement.status).toBe('cancelled');
    expectOneLineError(await staff('send', '--to', 'topic:weather', 'x'), 2, /^--to needs all, topic:NAME/);
  }, 60_000);
});
