import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, type RecordedCall } from '../support/fake-telegram.js';
import { FakeZalo } from '../support/fake-zalo.js';
import { FakeZaloOa } from '../support/fake-zalo-oa.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';

/** What a scenario needs from a channel: say something, pick a choice by its label, read the answer. */
interface Driver {
  say(text: string): Promise<string>;
  choose(label: string): Promise<string>;
}

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const zaloSecret = 'scenario-secret';
const telegram = new FakeTelegram();
const zalo = new FakeZalo();
const zaloOa = new FakeZaloOa();
let app: TestApp;

beforeAll(async () => {
  const tgRoot = await telegram.start();
  const zaloRoot = await zalo.start();
  const oaRoot = await zaloOa.start();
  app = await startTestApp({
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: tgRoot,
    ZALO_BOT_TOKEN: zalo.token,
    ZALO_API_ROOT: zaloRoot,
    ZALO_WEBHOOK_URL: 'https://bot.example.org/zalo/webhook',
    ZALO_WEBHOOK_SECRET: zaloSecret,
    ...zaloOa.env(oaRoot),
  });
});
afterAll(async () => {
  await app?.close();
  await telegram.stop();
  await zalo.stop();
  await zaloOa.stop();
});

let nextId = 1;

function telegramDriver(): Driver {
  const chat = 6000 + nextId++;
  const sent = () => telegram.callsOf('sendMessage').filter((c) => c.body['chat_id'] === chat);
  const answer = async (act: () => void) => {
    const before = sent().length;
    act();
    await telegram.waitFor(() => sent().length > before);
    await new Promise((r) => setTimeout(r, 60)); // a reply may come in several messages
    return sent().slice(before).map((c) => String(c.body['text'])).join('\n\n');
  };
  return {
    say: (text) => answer(() => telegram.textMessage(chat, text)),
    choose: (label) => {
      const last = [...sent()].reverse().find((c) => ((c.body['reply_markup'] as Keyboard | undefined)?.inline_keyboard ?? []).flat().some((b) => b.text === label)) as RecordedCall;
      if (!last) throw new Error(`telegram: no button "${label}"`);
      const button = (last.body['reply_markup'] as Keyboard).inline_keyboard.flat().find((b) => b.text === label)!;
      return answer(() => telegram.buttonPress(chat, last, button.callback_data));
    },
  };
}

function zaloDriver(): Driver {
  const chat = `sc${nextId++}`;
  let lastAnswer = '';
  const say = async (text: string) => {
    const before = zalo.sentTo(chat).length;
    const res = await fetch(`${app.baseUrl}/zalo/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bot-api-secret-token': zaloSecret }, body: JSON.stringify(zalo.text(chat, text)) });
    expect(res.status).toBe(200);
    await zalo.waitFor(() => zalo.sentTo(chat).length > before);
    await app.queue.drained(10_000);
    lastAnswer = zalo.sentTo(chat).slice(before).join('\n\n');
    return lastAnswer;
  };
  return {
    say,
    // No buttons on Zalo: the member types the number shown before the label.
    choose: (label) => {
      const line = lastAnswer.split('\n').find((l) => l.endsWith(`. ${label}`));
      if (!line) throw new Error(`zalo: no numbered choice "${label}"`);
      return say(line.slice(0, line.indexOf('.')));
    },
  };
}

/** A Zalo Official Account follower: signed webhook events in, customer-service messages out, numbered choices. */
function zaloOaDriver(): Driver {
  const user = `oa-sc${nextId++}`;
  let lastAnswer = '';
  const say = async (text: string) => {
    const before = zaloOa.sentTo(user).length;
    expect((await zaloOa.post(app.baseUrl, zaloOa.text(user, text))).status).toBe(200);
    await zaloOa.waitFor(() => zaloOa.sentTo(user).length > before);
    await app.queue.drained(10_000);
    lastAnswer = zaloOa.sentTo(user).slice(before).join('\n\n');
    return lastAnswer;
  };
  return {
    say,
    choose: (label) => {
      const number = lastAnswer.split('\n').find((l) => l.endsWith(`. ${label}`))?.split('.')[0];
      if (!number) throw new Error(`zalo oa: no numbered choice "${label}"`);
      return say(number);
    },
  };
}

function webDriver(): Driver {
  const clientId = randomUUID();
  let choices: Array<{ id: string; label: string }> = [];
  const post = async (body: Record<string, string>) => {
    const res = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-client-id': clientId }, body: JSON.stringify({ messageId: randomUUID(), ...body }) });
    const replies = ((await res.json()) as { replies: Array<{ text: string; choices?: Array<{ id: string; label: string }> }> }).replies;
    choices = [...replies].reverse().find((r) => r.choices?.length)?.choices ?? [];
    return replies.map((r) => r.text).join('\n\n');
  };
  return {
    say: (text) => post({ text }),
    choose: (label) => {
      const choice = choices.find((c) => c.label === label);
      if (!choice) throw new Error(`web: no button "${label}"`);
      return post({ choice: choice.id });
    },
  };
}

describe.each([
  ['Telegram', telegramDriver],
  ['Zalo', zaloDriver],
  ['Zalo OA', zaloOaDriver],
  ['web chat', webDriver],
] as const)('the same conversations on %s', (_name, makeDriver) => {
  it('browses to a topic from the menu', async () => {
    const d = makeDriver();
    expect(await d.say('/start')).toContain('Xin chào');
    expect(await d.choose('📚 Chính sách hỗ trợ')).toContain('Chọn một chủ đề');
    expect(await d.choose('Tín dụng, vay vốn')).toContain('Chính sách về Tín dụng');
  });

  it('answers an unaccented question with its citation, and takes a 👍', async () => {
    const d = makeDriver();
    expect(await d.say('htx co phai nop thue tndn khong')).toContain('Căn cứ:');
    expect(await d.choose('👍 Hữu ích')).toContain('Cảm ơn bạn đã góp ý');
  });

  it('says plainly when a question is out of scope', async () => {
    expect(await makeDriver().say('giá vàng hôm nay bao nhiêu')).toContain('nằm ngoài những gì tôi biết');
  });

  it('switches to English and remembers it', async () => {
    const d = makeDriver();
    await d.say('/language');
    expect(await d.choose('English')).toContain('Switched to English');
    expect(await d.say('/status')).toContain('You have no requests yet.');
  });

  it('escalates a question it cannot answer to the Alliance, with a reference', async () => {
    const d = makeDriver();
    await d.say('htx nuoi ong co duoc ho tro tem nhan xuat khau sang nhat khong');
    await d.choose('🙋 Gửi câu hỏi cho Liên minh HTX');
    expect(await d.choose('✅ Gửi')).toMatch(/Mã hồ sơ: CH-2026-\d{4}/);
  });
});
