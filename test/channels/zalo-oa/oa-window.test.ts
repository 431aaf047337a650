import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../src/staff-web/accounts/passwords.js';
import { FakeTelegram } from '../../support/fake-telegram.js';
import { FakeZaloOa } from '../../support/fake-zalo-oa.js';
import { startRedis, type RedisProcess } from '../../support/redis-server.js';
import { startTestApp, type TestApp } from '../../support/start-test-app.js';
import { ticketDraft } from '../../support/ticket-draft.js';
import { waitFor } from '../../support/wait-for.js';
import { consoleClient } from '../../staff-web/console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
const ANSWER = 'Liên minh đã hẹn ngân hàng gặp HTX vào thứ Hai.';

describe.each(['sqlite', 'redis'] as const)('a staff answer outside the Zalo OA reply window, on %s', (store) => {
  const oa = new FakeZaloOa();
  const telegram = new FakeTelegram();
  let env: Record<string, string>;
  let redis: RedisProcess | undefined;
  let app: TestApp;

  beforeAll(async () => {
    const root = await oa.start();
    const tgRoot = await telegram.start();
    if (store === 'redis') redis = await startRedis();
    env = { ...oa.env(root), TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: tgRoot, TELEGRAM_STAFF_CHAT_ID: String(telegram.staffGroup.id), ...(redis ? { REDIS_URL: redis.url } : {}) };
    app = await startTestApp(env, { keepData: true });
    await app.storage.accounts.create({ login: 'lan', name: 'Nguyễn Thị Lan', role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await oa.stop();
    await telegram.stop();
  });

  it('waits, shows staff it is waiting for the member to write, survives a restart, and is delivered once when the member writes', async () => {
    const user = `window-${store}`;
    const memberId = `zalo-oa:${user}`;
    const ticket = await app.tickets.file(ticketDraft({ memberId, locale: 'vi' }));
    oa.closeWindow(user); // the member's last message is older than the OA allows

    const browser = consoleClient(app.baseUrl);
    expect((await browser.login('lan', PASSWORD)).status).toBe(303);
    const page = await browser.get(`/staff/tickets/${ticket.code}`);
    const key = /name="key" value="([^"]+)"/.exec(page.text)![1]!;
    expect((await browser.post(`/staff/tickets/${ticket.code}/reply`, { text: ANSWER, key })).status).toBe(303);

    const waiting = await waitFor(async () => {
      const fragment = await browser.get(`/staff/tickets/${ticket.code}/deliveries/${key}`);
      return fragment.text.includes('đang chờ thành viên nhắn tin') && fragment.text;
    });
    expect(waiting).toContain('hx-trigger'); // the page keeps asking until it goes
    expect(oa.sentTo(user).join('\n')).not.toContain(ANSWER);
    await telegram.waitFor(() => telegram.callsOf('sendMessage').some((c) => String(c.body['text']).includes(`Câu trả lời hồ sơ ${ticket.code} đang chờ thành viên nhắn tin`)));

    // A restart: what waits is stored, not in memory.
    await app.close();
    app = await startTestApp(env, { dataDir: app.dataDir });

    expect((await oa.post(app.baseUrl, oa.text(user, 'cam on, toi da doc'))).status).toBe(200);
    await oa.waitFor(() => oa.sentTo(user).some((t) => t.includes(ANSWER)));
    expect((await oa.post(app.baseUrl, oa.text(user, 'con gi nua khong'))).status).toBe(200);
    await app.queue.drained(10_000);
    expect(oa.sentTo(user).filter((t) => t.includes(ANSWER))).toHaveLength(1);
    expect(await app.storage.zaloOa.held(memberId)).toEqual([]);
    const again = consoleClient(app.baseUrl);
    expect((await again.login('lan', PASSWORD)).status).toBe(303);
    const delivered = await again.get(`/staff/tickets/${ticket.code}/deliveries/${key}`);
    expect(delivered.text).toContain('đã gửi tới thành viên');
  });
});
