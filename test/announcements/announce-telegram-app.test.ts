import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const MEMBERS = 300;
const FIRST = 7_000_000;

describe('the running bot on Telegram: a member subscribes, an announcement goes out at 30 messages a second, and a question asked meanwhile is answered first', () => {
  const telegram = new FakeTelegram();
  let app: TestApp;
  const sentTo = (chatId: number) => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chatId);

  beforeAll(async () => {
    const apiRoot = await telegram.start();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot });
    for (let i = 0; i < MEMBERS; i++) {
      await app.storage.subscriptions.save({ memberId: `telegram:${FIRST + i}`, topics: ['credit'], commune: null, locale: 'vi', consentAt: '2026-11-30T03:00:00.000Z' });
    }
  });
  afterAll(async () => {
    await app?.close();
    await telegram.stop();
  });

  it('subscribes by typing, and a member asking during the broadcast is answered long before it ends', async () => {
    const member = 5552001;
    telegram.textMessage(member, '/subscribe');
    await telegram.waitFor(() => sentTo(member).length >= 1);
    telegram.textMessage(member, 'Tất cả chủ đề'); // the words of a button are understood like the button
    await telegram.waitFor(() => sentTo(member).length >= 2);
    telegram.textMessage(member, 'Mọi xã/phường');
    await telegram.waitFor(() => sentTo(member).length >= 3);
    telegram.textMessage(member, 'Đồng ý');
    await telegram.waitFor(() => sentTo(member).some((c) => String(c.body['text']).includes('Đã đăng ký nhận tin')));
    expect((await app.storage.subscriptions.get(`telegram:${member}`))?.consentAt).toBeDefined();

    await app.announcements.compose({ text: 'Thông báo tập huấn kế toán HTX', photo: null, link: null, audience: { kind: 'topic', topic: 'credit' } }, 'lan', new Date());
    await app.announcements.sweep();
    await telegram.waitFor(() => telegram.callsOf('sendMessage').filter((c) => Number(c.body['chat_id']) >= FIRST).length >= 30);
    const asker = 5552002;
    telegram.textMessage(asker, 'HTX vay vốn Quỹ hỗ trợ phát triển HTX được không');
    await telegram.waitFor(() => sentTo(asker).length >= 1, 10_000);
    const announcedBeforeAnswer = telegram.callsOf('sendMessage').filter((c) => Number(c.body['chat_id']) >= FIRST).length;
    // The answer did not wait for the broadcast: most of it was still to go.
    expect(announcedBeforeAnswer).toBeLessThan(MEMBERS / 2);
    await telegram.waitFor(() => telegram.callsOf('sendMessage').filter((c) => Number(c.body['chat_id']) >= FIRST || c.body['chat_id'] === member).length >= MEMBERS + 1 + 4, 25_000);
    const announced = telegram.callsOf('sendMessage').filter((c) => String(c.body['text']).startsWith('Thông báo tập huấn'));
    expect(announced).toHaveLength(MEMBERS + 1);
    expect(new Set(announced.map((c) => c.body['chat_id'])).size).toBe(MEMBERS + 1);
    expect(String(announced[0]!.body['text'])).toContain('Gõ /unsubscribe');
  }, 40_000);
});
