import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import { newSession, type Session } from '../../src/conversation/session.js';
import { engineDeps } from '../support/fixtures.js';

const deps = engineDeps();
const id = 'zalo:talk';
const text = (t: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({ kind: 'text', text: t, conversationId: id, ...extra }) as InboundMessage;
const choice = (c: string): InboundMessage => ({ kind: 'choice', choiceId: c, conversationId: id });

async function play(messages: InboundMessage[], start: Session = newSession()) {
  let session = start;
  const outcomes = [];
  for (const m of messages) {
    const out = await handle(m, session, deps);
    session = out.session;
    outcomes.push(out);
  }
  return { session, last: outcomes[outcomes.length - 1]! };
}
const searched = (effects: Array<{ type: string }>) => effects.some((e) => e.type === 'searched');

describe('talking like a person', () => {
  it.each(['xin chào', 'Xin chào!', 'chao ban', 'Chào ad ạ', 'alo'])('greets "%s" with the welcome and the menu, without searching', async (greeting) => {
    const { last } = await play([text(greeting)]);
    expect(last.replies[0]!.text).toContain('Xin chào! Tôi là Trợ lý HTX');
    expect(last.replies[0]!.choices!.map((c) => c.id)).toContain('form:start:difficulty');
    expect(searched(last.effects)).toBe(false);
  });

  it('answers the question that follows a greeting', async () => {
    const { last } = await play([text('chào ad, htx chăn nuôi có phải nộp thuế tndn không')]);
    expect(last.replies[0]!.text).toContain('📘 Thu nhập trồng trọt, chăn nuôi của HTX được miễn thuế TNDN');
  });

  it.each([
    ['cảm ơn nhiều nhé', 'Không có gì ạ!'],
    ['cam on ban', 'Không có gì ạ!'],
    ['tạm biệt', 'hẹn gặp lại'],
    ['bạn là ai vậy', 'trợ lý tự động (không phải người) của Liên minh Hợp tác xã tỉnh Bắc Ninh'],
    ['ban lam duoc gi', 'nhận kiến nghị gửi hội nghị đối thoại'],
  ])('replies to "%s" as a person would, never "no information"', async (said, reply) => {
    const { last } = await play([text(said)]);
    expect(last.replies[0]!.text).toContain(reply);
    expect(last.replies.map((r) => r.text).join('\n')).not.toContain('chưa có thông tin');
    expect(searched(last.effects)).toBe(false);
  });

  it('answers in English a member who writes English and has not chosen a language', async () => {
    const { last } = await play([text('hello')]);
    expect(last.replies[0]!.text).toContain('Hello! I am Trợ lý HTX');
    const { last: thanks } = await play([text('thanks a lot')]);
    expect(thanks.replies[0]!.text).toContain("You're welcome");
  });

  it('hands over to a person: shows the contact, takes the question, checks it and files it for staff', async () => {
    const { last: offer, session } = await play([text('tôi muốn nói chuyện với cán bộ')]);
    const all = offer.replies.map((r) => r.text).join('\n');
    expect(all).toContain('chuyển câu hỏi của bạn cho cán bộ Liên minh HTX tỉnh');
    expect(all).toContain('🏢 Liên minh Hợp tác xã tỉnh Bắc Ninh');
    expect(all).toContain('Hãy gõ câu hỏi');
    const { last: check, session: checking } = await play([text('HTX tôi bị chậm giải ngân vốn vay, số 0912 345 678')], session);
    expect(check.replies[0]!.text).toContain('«HTX tôi bị chậm giải ngân vốn vay, số 0912 345 678»');
    const { last: filed } = await play([choice('form:confirm')], checking);
    expect(filed.replies[0]!.text).toMatch(/Mã hồ sơ: CH-2026-\d{4}/);
    const [ticket] = await deps.tickets.listOfMember(id);
    expect(ticket).toMatchObject({ kind: 'question', content: 'HTX tôi bị chậm giải ngân vốn vay, số 0912 345 678' });
  });

  it('offers to send the question already typed when the member asks for a person with it', async () => {
    const { last } = await play([text('tôi muốn nói chuyện với cán bộ về việc HTX bị chậm giải ngân vốn vay')]);
    expect(last.replies.map((r) => r.text).join('\n')).toContain('Gửi câu hỏi này cho cán bộ Liên minh HTX tỉnh?');
    expect(last.replies.at(-1)!.choices!.map((c) => c.id)).toEqual(['form:confirm', 'form:cancel']);
  });

  it('answers anger calmly and offers a person', async () => {
    const { last } = await play([text('bot ngu vl')]);
    expect(last.replies[0]!.text).toContain('Xin lỗi vì tôi chưa giúp được bạn');
    expect(last.replies[0]!.choices!.map((c) => c.id)).toEqual(['handover', 'contact', 'menu']);
    const { last: handover } = await play([choice('handover')]);
    expect(handover.replies.map((r) => r.text).join('\n')).toContain('Hãy gõ câu hỏi');
  });

  it('says which choices there are when a number matches none, and keeps them', async () => {
    const { last, session } = await play([text('menu'), text('10')]);
    expect(last.replies[0]!.text).toContain('Không có lựa chọn số 10.');
    expect(last.replies[0]!.text).toContain('gõ số từ 1 đến 9');
    expect(searched(last.effects)).toBe(false);
    const { last: picked } = await play([text('2')], session);
    expect(picked.replies[0]!.text).toContain('Chọn một chủ đề');
  });

  it.each(['ok', 'vâng', '???', '👍', 'tôi đã nhận', 'nhận được rồi ạ'])('says which choices there are after "%s", without searching the policies', async (said) => {
    const { last } = await play([text('menu'), text(said)]);
    expect(last.replies[0]!.text).toContain('Bạn chọn một mục dưới đây');
    expect(last.replies[0]!.choices).toHaveLength(9);
    expect(searched(last.effects)).toBe(false);
  });

  it('says which choices there are after one word it cannot place, instead of "no information"', async () => {
    const { last } = await play([text('qwerty')]);
    expect(last.replies[0]!.text).toContain('Tôi chưa hiểu «qwerty».');
    expect(last.replies[0]!.text).not.toContain('chưa có thông tin');
  });

  it('shows at most 5 choices under an answer where the channel asks for it (Zalo)', async () => {
    const { last } = await play([text('htx chan nuoi co phai nop thue tndn khong', { maxAnswerChoices: 5 })]);
    const ids = last.replies[0]!.choices!.map((c) => c.id);
    expect(ids).toHaveLength(5);
    expect(ids[0]).toBe('fb:up:tax-cit-farming-income');
    expect(ids.at(-1)).toBe('menu');
    const { last: web } = await play([text('htx chan nuoi co phai nop thue tndn khong')]);
    expect(web.replies[0]!.choices!.length).toBeGreaterThan(5);
  });
});
