import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

const PHOTO = 'https://lmhtx.example.vn/anh/tap-huan.jpg';
const telegramMember = 7_100_001;
const zaloMember = 'zalo-member-photo';
const webMember = 'b6a1f0d2-3c4e-4f5a-9b8c-7d6e5f4a3b21';

describe('an announcement with a photo', () => {
  const telegram = new FakeTelegram();
  const zalo = new FakeZalo();
  let app: TestApp;
  const photosTo = (chatId: number) => telegram.callsOf('sendPhoto').filter((c) => c.body['chat_id'] === chatId);
  const textsTo = (chatId: number) => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chatId).map((c) => String(c.body['text']));

  beforeAll(async () => {
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: await telegram.start(), ZALO_BOT_TOKEN: zalo.token, ZALO_API_ROOT: await zalo.start() });
    for (const memberId of [`telegram:${telegramMember}`, `zalo:${zaloMember}`, `web:${webMember}`]) {
      await app.storage.subscriptions.save({ memberId, topics: ['training'], commune: null, locale: 'vi', consentAt: '2026-11-30T03:00:00.000Z' });
    }
  });
  afterAll(async () => {
    await app?.close();
    await telegram.stop();
    await zalo.stop();
  });

  /** Sends an announcement to the three members and waits until each has had it; its outcome counts. */
  async function announce(text: string) {
    const { id } = await app.announcements.compose({ text, photo: PHOTO, link: null, audience: { kind: 'all' } }, 'lan', new Date());
    await app.announcements.sweep();
    let counts;
    for (let i = 0; i < 150; i++) {
      counts = (await app.announcements.progress(id))?.counts;
      if (counts && counts.queued === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return counts;
  }

  it('shows the photo itself on Telegram and Zalo, with the text, and its address in the web chat', async () => {
    await announce('Lớp tập huấn kế toán HTX ngày 10/12 tại Liên minh HTX tỉnh.');
    const [photo] = photosTo(telegramMember);
    expect(photo?.body['photo']).toBe(PHOTO);
    expect(String(photo?.body['caption'])).toContain('Lớp tập huấn kế toán HTX');
    expect(String(photo?.body['caption'])).toContain('/unsubscribe');
    expect(textsTo(telegramMember)).toEqual([]); // one message: the photo and its caption

    const zaloPhoto = zalo.calls.find((c) => c.method === 'sendPhoto' && c.body['chat_id'] === zaloMember);
    expect(zaloPhoto?.body['photo']).toBe(PHOTO);
    const zaloText = zalo.calls.findIndex((c) => c.method === 'sendMessage' && c.body['chat_id'] === zaloMember && String(c.body['text']).includes('Lớp tập huấn kế toán HTX'));
    expect(zaloText).toBeGreaterThan(zalo.calls.indexOf(zaloPhoto!)); // the text follows its photo

    const web = (await app.storage.webInbox.recent(webMember, 10)).map((m) => JSON.stringify(m.message)).join('\n');
    expect(web).toContain('Lớp tập huấn kế toán HTX');
    expect(web).toContain(PHOTO);
  });

  it('sends a text too long for a caption after the photo, whole', async () => {
    const long = `Kế hoạch hỗ trợ HTX năm 2027. ${'Nội dung chi tiết của kế hoạch. '.repeat(40)}Hết.`;
    await announce(long);
    expect(photosTo(telegramMember)).toHaveLength(2);
    expect(photosTo(telegramMember)[1]!.body['caption']).toBeUndefined();
    const texts = textsTo(telegramMember);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Hết.');
  });

  it('sends the photo\'s address with the text when Telegram cannot fetch the photo, instead of failing', async () => {
    telegram.failNext('sendPhoto', 1, { status: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    const counts = await announce('Thông báo: hạn nộp kiến nghị 15/12.');
    expect(counts).toMatchObject({ queued: 0, sent: 3, failed: 0 });
    const texts = textsTo(telegramMember);
    const last = texts[texts.length - 1]!;
    expect(last).toContain('hạn nộp kiến nghị 15/12');
    expect(last).toContain(PHOTO);
  });
});
