import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, type RecordedCall } from '../support/fake-telegram.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const buttons = (call: RecordedCall) => ((call.body['reply_markup'] as Keyboard | undefined)?.inline_keyboard ?? []).flat();

describe('Telegram, long polling, through a fake Bot API', () => {
  const telegram = new FakeTelegram();
  let app: TestApp;
  const chat = 5551001;
  const sentTo = (chatId: number) => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chatId);

  beforeAll(async () => {
    const apiRoot = await telegram.start();
    app = await startTestApp({ TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: apiRoot });
  });
  afterAll(async () => {
    await app?.close();
    await telegram.stop();
  });

  it('registers its command menu and starts polling', () => {
    expect(telegram.callsOf('getMe')).toHaveLength(1);
    const commands = telegram.callsOf('setMyCommands').map((c) => (c.body['commands'] as Array<{ command: string }>).map((x) => x.command));
    expect(commands[0]).toEqual(['start', 'menu', 'language', 'cancel', 'help']);
    expect(telegram.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('walks a member from /start through a menu button to a cited answer', async () => {
    telegram.textMessage(chat, '/start');
    const welcome = await telegram.waitFor(() => sentTo(chat)[0]);
    expect(welcome.body['text']).toContain('Xin chào');
    const menu = buttons(welcome);
    expect(menu.map((b) => b.text)).toContain('📚 Chính sách hỗ trợ');
    expect(menu.every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

    // Press "Chính sách hỗ trợ", then the credit topic.
    telegram.buttonPress(chat, welcome, menu.find((b) => b.text === '📚 Chính sách hỗ trợ')!.callback_data);
    const topics = await telegram.waitFor(() => sentTo(chat)[1]);
    expect(topics.body['text']).toContain('Chọn một chủ đề');
    expect(telegram.callsOf('answerCallbackQuery')).toHaveLength(1);
    // The pressed message is marked with the choice and loses its keyboard.
    const edit = telegram.callsOf('editMessageText')[0]!;
    expect(edit.body['text']).toContain('→ 📚 Chính sách hỗ trợ');
    expect(edit.body['reply_markup']).toBeUndefined();

    const credit = buttons(topics).find((b) => b.callback_data === 'topic:credit')!;
    telegram.buttonPress(chat, topics, credit.callback_data);
    const entries = await telegram.waitFor(() => sentTo(chat)[2]);
    expect(buttons(entries).filter((b) => b.callback_data.startsWith('entry:credit-')).length).toBeGreaterThan(3);

    // Now a question typed without diacritics.
    telegram.textMessage(chat, 'htx vay von uu dai o dau');
    const answer = await telegram.waitFor(() => sentTo(chat)[3]);
    expect(answer.body['text']).toMatch(/Căn cứ: .*(Nghị định|Luật) \d+\/\d{4}\//);
    expect(answer.body['text']).toMatch(/Nội dung rà soát lần cuối: \d+\/\d+\/\d{4}/);
  });

  it('answers a sticker with what it understands', async () => {
    const other = 5551002;
    telegram.sticker(other);
    const reply = await telegram.waitFor(() => sentTo(other)[0]);
    expect(reply.body['text']).toContain('nhãn dán');
  });

  it('answers a 10,000-character message with a polite limit', async () => {
    const other = 5551003;
    telegram.textMessage(other, 'vay vốn '.repeat(1250));
    const reply = await telegram.waitFor(() => sentTo(other)[0]);
    expect(reply.body['text']).toContain('quá giới hạn');
  });

  it('retries a send that Telegram answers with 429, and the member gets it once', async () => {
    const other = 5551004;
    telegram.failNext('sendMessage', 1, { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    telegram.textMessage(other, '/help');
    const reply = await telegram.waitFor(() => sentTo(other)[0]);
    expect(reply.body['text']).toContain('Cách dùng');
    await new Promise((r) => setTimeout(r, 200));
    expect(sentTo(other)).toHaveLength(1);
  });

  it('never logs the text a member wrote', () => {
    const all = app.logs.join('\n');
    expect(all).not.toContain('htx vay von uu dai o dau');
    expect(all).not.toContain('vay vốn vay vốn');
  });
});
