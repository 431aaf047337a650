import { describe, expect, it } from 'vitest';
import { handle, MAX_INBOUND_CHARS } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import { newSession, restoreSession, type Session } from '../../src/conversation/session.js';
import { engineDeps } from '../support/fixtures.js';

const deps = engineDeps();
const id = 'web:test-client';
const text = (t: string): InboundMessage => ({ kind: 'text', text: t, conversationId: id });
const command = (c: string, args = ''): InboundMessage => ({ kind: 'command', command: c, args, conversationId: id });
const choice = (c: string): InboundMessage => ({ kind: 'choice', choiceId: c, conversationId: id });

/** Plays messages in order, carrying the session like the service does. */
async function play(messages: InboundMessage[], start: Session = newSession()) {
  let session = start;
  const outcomes = [];
  for (const m of messages) {
    const out = await handle(m, session, deps);
    session = out.session;
    outcomes.push(out);
  }
  return { outcomes, session, last: outcomes[outcomes.length - 1]! };
}

describe('the conversation engine', () => {
  it('greets on /start with the main menu as choices', async () => {
    const { last } = await play([command('start')]);
    expect(last.replies[0]!.text).toContain('Trợ lý HTX');
    expect(last.replies[0]!.choices!.map((c) => c.id)).toEqual(['ask', 'browse', 'form:start:difficulty', 'form:start:concern', 'status', 'contact', 'lang', 'help', 'sub']);
  });

  it('answers a question typed without diacritics with its legal basis and review date', async () => {
    const { last } = await play([text('quy ho tro htx cho vay toi da bao nhieu')]);
    const answer = last.replies[0]!.text;
    expect(answer).toContain('15%');
    expect(answer).toContain('Căn cứ: Nghị định 45/2021/NĐ-CP, Điều 23 (ban hành 31/3/2021, hiệu lực 15/5/2021)');
    expect(answer).toContain('Nội dung rà soát lần cuối: 26/11/2026.');
    expect(last.effects).toEqual([{ type: 'searched', outcome: 'confident', topic: 'credit', entryId: 'credit-fund-loan-cap' }]);
  });

  it('says a cited document was replaced, and shows what the province must still set', async () => {
    const { last } = await play([text('htx con phai nop le phi mon bai ko')]);
    expect(last.replies[0]!.text).toContain('đã được thay thế bởi Nghị định 362/2025/NĐ-CP');
    expect(last.replies[0]!.text).toContain('⚠️ Hỏi cơ quan thuế');
  });

  it('says plainly when nothing fits, and shows the menu instead of guessing', async () => {
    const { last } = await play([text('htx nuôi ong mật cần giấy phép gì')]);
    expect(last.replies[0]!.text).toContain('chưa có thông tin');
    expect(last.replies[0]!.choices!.map((c) => c.id)).toEqual(['ask-alliance', 'browse', 'menu']);
    expect(last.effects[0]).toMatchObject({ outcome: 'none', entryId: null });
  });

  it('declines a question about something else (gold prices) without offering to forward it to staff', async () => {
    const { last } = await play([text('giá vàng hôm nay bao nhiêu')]);
    expect(last.replies[0]!.text).toContain('nằm ngoài những gì tôi biết');
    expect(last.replies[0]!.choices!.map((c) => c.id)).toEqual(['browse', 'menu']);
    // Not kept as a gap in the content for staff to fill.
    expect(last.effects.map((e) => e.type)).toEqual(['searched']);
  });

  it('understands the number of an offered choice', async () => {
    const { last } = await play([command('menu'), text('2')]);
    expect(last.replies[0]!.text).toContain('Chọn một chủ đề');
    const { last: picked } = await play([command('menu'), text('2'), text('1')]);
    expect(picked.replies[0]!.text).toContain('Chính sách về Tín dụng');
  });

  it('understands the words of an offered choice', async () => {
    const { last } = await play([command('language'), text('english')]);
    expect(last.replies[0]!.text).toContain('Switched to English');
  });

  it('remembers the chosen language and answers in it', async () => {
    const { session, last } = await play([command('language'), choice('lang:en'), text('how much can a cooperative borrow from the support fund')]);
    expect(session.locale).toBe('en');
    expect(last.replies[0]!.text).toContain('Legal basis: Decree 45/2021/NĐ-CP, Article 23 (issued 31/3/2021, in force 15/5/2021)');
  });

  it('takes the platform language as a hint until the member chooses', async () => {
    const out = await handle({ ...command('start'), languageHint: 'en-GB' }, newSession(), deps);
    expect(out.replies[0]!.text).toContain('Hello!');
    const chosen = await handle({ ...command('start'), languageHint: 'en-GB' }, { ...newSession(), locale: 'vi' }, deps);
    expect(chosen.replies[0]!.text).toContain('Xin chào');
  });

  it('browses topics, then entries, with related entries and the way back', async () => {
    const { last } = await play([choice('browse'), choice('topic:credit'), choice('entry:credit-fund-loan-cap')]);
    const ids = last.replies[0]!.choices!.map((c) => c.id);
    expect(ids).toEqual(['fb:up:credit-fund-loan-cap', 'fb:down:credit-fund-loan-cap', 'entry:alliance-contact', 'topic:credit', 'menu']);
  });

  it('understands commands typed as words, for channels without a command menu', async () => {
    expect((await play([text('Trạng thái')])).last.replies[0]!.text).toContain('Bạn chưa có hồ sơ nào');
    expect((await play([text('bao kho khan')])).last.replies.map((r) => r.text).join()).toContain('Tên hợp tác xã');
    expect((await play([text('du lieu cua toi')])).last.replies[0]!.text).toContain('Dữ liệu Trợ lý HTX lưu về bạn');
  });

  it('cancels with /cancel and with the word "huy"', async () => {
    expect((await play([command('cancel')])).last.replies[0]!.text).toContain('Đã hủy');
    expect((await play([text('Hủy')])).last.replies[0]!.text).toContain('Đã hủy');
  });

  it('gives a polite limit for a 10,000-character message instead of searching', async () => {
    const out = await handle(text('a'.repeat(10_000)), newSession(), deps);
    expect(out.replies[0]!.text).toContain('10.000 ký tự');
    expect(out.replies[0]!.text).toContain(MAX_INBOUND_CHARS.toLocaleString('vi-VN'));
    expect(out.effects).toEqual([]);
  });

  it('answers stickers, voice and locations with what it understands', async () => {
    for (const what of ['sticker', 'voice', 'location'] as const) {
      const out = await handle({ kind: 'unsupported', what, conversationId: id }, newSession(), deps);
      expect(out.replies[0]!.text).toMatch(/chưa đọc được .+ Tôi hiểu tin nhắn chữ/);
    }
  });

  it('handles an unknown command and a stale choice without failing', async () => {
    expect((await play([command('xyz')])).last.replies[0]!.text).toContain('/xyz');
    expect((await play([choice('entry:no-such-entry')])).last.replies[0]!.text).toContain('không còn');
    expect((await play([choice('nonsense')])).last.replies[0]!.text).toContain('không còn dùng được');
  });
});

describe('feedback and unanswered questions', () => {
  it('asks whether an answer helped, and records 👍 with the entry and the question', async () => {
    const { outcomes } = await play([text('quy ho tro htx cho vay toi da bao nhieu'), text('1')]);
    expect(outcomes[0]!.replies[0]!.text).toContain('Câu trả lời này có hữu ích không?');
    expect(outcomes[1]!.replies[0]!.text).toContain('Cảm ơn');
    expect(outcomes[1]!.effects).toEqual([{ type: 'feedback', entryId: 'credit-fund-loan-cap', helpful: true, question: 'quy ho tro htx cho vay toi da bao nhieu' }]);
  });

  it('after 👎 offers to contact the Alliance, and keeps the question without phone numbers', async () => {
    const { last } = await play([text('quy ho tro cho vay toi da bao nhieu, sdt 0912 345 678'), choice('fb:down:credit-fund-loan-cap')]);
    expect(last.effects).toEqual([{ type: 'feedback', entryId: 'credit-fund-loan-cap', helpful: false, question: 'quy ho tro cho vay toi da bao nhieu, sdt [số]' }]);
    expect(last.replies[0]!.choices!.map((c) => c.id)).toContain('ask-alliance');
  });

  it('keeps questions it could not answer outright, masked, for staff to write the missing entry', async () => {
    const { last } = await play([text('htx nuôi ong mật cần giấy phép gì, gọi tôi 0987654321')]);
    expect(last.effects).toContainEqual({ type: 'unanswered', question: 'htx nuôi ong mật cần giấy phép gì, gọi tôi [số]', outcome: 'none', topic: null });
  });
});

describe('sessions', () => {
  it('start afresh from data of an older shape, keeping the language', async () => {
    expect(restoreSession({ v: 1, locale: 'en', choices: [{ id: 'x', label: 'y' }] })).toEqual({ v: 3, locale: 'en', choices: [] });
    expect(restoreSession('garbage')).toEqual({ v: 3, choices: [] });
    expect(restoreSession(undefined)).toEqual({ v: 3, choices: [] });
  });
});
