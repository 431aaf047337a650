import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import { newSession, type Session } from '../../src/conversation/session.js';
import { memberLimits } from '../../src/limits/member-limits.js';
import { sqliteCounters } from '../../src/storage/sqlite/sqlite-counters.js';
import { engineDeps } from '../support/fixtures.js';

const limits = { messagesPerMinute: 20, ticketsPerDay: 2, followUpsPerHour: 2, webPerClientPerMinute: 30, webPerIpPerMinute: 120 };

function member(id: string, deps = { ...engineDeps(), limits: memberLimits(sqliteCounters(new Database(':memory:')), limits) }) {
  let session: Session = newSession();
  return {
    deps,
    async say(step: string | { choice: string }, extra: Partial<InboundMessage> = {}) {
      const msg = (typeof step === 'string' ? { kind: 'text', text: step } : { kind: 'choice', choiceId: step.choice }) as InboundMessage;
      const out = await handle({ ...msg, conversationId: id, ...extra } as InboundMessage, session, deps);
      session = out.session;
      return out;
    },
  };
}

/** Files a question ticket for the member through the hand-over to staff. */
async function fileQuestion(m: ReturnType<typeof member>, text: string) {
  await m.say('tôi muốn nói chuyện với cán bộ');
  await m.say(text);
  return m.say({ choice: 'form:confirm' });
}

describe('reference codes typed as messages', () => {
  it('shows the member their ticket for a bare code or "trạng thái CODE", and nothing of another member\'s', async () => {
    const m = member('zalo:codes');
    const filed = await fileQuestion(m, 'HTX cần hỏi về thủ tục vay vốn quỹ');
    const code = /CH-2026-\d{4}/.exec(filed.replies[0]!.text)![0];
    expect((await m.say(code)).replies[0]!.text).toContain(`${code} · Câu hỏi · Mới`);
    expect((await m.say(`trạng thái ${code.toLowerCase()}`)).replies[0]!.text).toContain(`${code} · Câu hỏi`);
    const other = member('zalo:someone-else', m.deps);
    expect((await other.say(code)).replies[0]!.text).toContain(`Không tìm thấy hồ sơ ${code}`);
  });

  it('offers the owner of a closed ticket to reopen it, and reopens it', async () => {
    const m = member('web:reopener');
    const code = /CH-2026-\d{4}/.exec((await fileQuestion(m, 'Hỏi về bảo hiểm xã hội cho xã viên')).replies[0]!.text)![0];
    await m.deps.service.close(code, { kind: 'staff', name: 'Lan' }, 'Đã trả lời qua điện thoại');
    const shown = await m.say(code);
    expect(shown.replies[0]!.choices!.map((c) => c.id)).toContain(`reopen:${code}`);
    expect((await m.say({ choice: `reopen:${code}` })).replies[0]!.text).toContain(`Đã mở lại hồ sơ ${code}`);
    expect((await m.deps.service.get(code))!.state).toBe('in-progress');
    expect((await m.deps.service.history(code)).at(-1)).toMatchObject({ type: 'reopened', actor: 'member' });
    // What the member types next is why they reopened it: it goes to the ticket, not to the search.
    const why = await m.say('Vẫn chưa được đóng bảo hiểm cho xã viên');
    expect(why.effects).toContainEqual({ type: 'member-follow-up', code, text: 'Vẫn chưa được đóng bảo hiểm cho xã viên', photo: null });
  });

  it('asks a member who rates a closed ticket poorly whether to reopen it', async () => {
    const m = member('web:unhappy');
    const code = /CH-2026-\d{4}/.exec((await fileQuestion(m, 'Hỏi về hỗ trợ đào tạo cho giám đốc HTX')).replies[0]!.text)![0];
    await m.deps.service.close(code, { kind: 'staff', name: 'Lan' }, 'Đã trả lời');
    const low = await m.say({ choice: `rate:${code}:2` });
    expect(low.replies[0]!.text).toContain('mở lại hồ sơ');
    expect(low.replies[0]!.choices!.map((c) => c.id)).toContain(`reopen:${code}`);
    const other = member('web:happy', m.deps);
    const code2 = /CH-2026-\d{4}/.exec((await fileQuestion(other, 'Hỏi về hỗ trợ đào tạo cho kế toán HTX')).replies[0]!.text)![0];
    await m.deps.service.close(code2, { kind: 'staff', name: 'Lan' }, 'Đã trả lời');
    expect((await other.say({ choice: `rate:${code2}:5` })).replies[0]!.text).toContain('Cảm ơn bạn đã đánh giá!');
  });
});

describe('limits on what a member may do, each with a polite reply', () => {
  it('files at most the daily number of tickets, keeping the form at its summary', async () => {
    const m = member('telegram:busy');
    await fileQuestion(m, 'Câu hỏi thứ nhất về thuế của HTX');
    await fileQuestion(m, 'Câu hỏi thứ hai về đất đai của HTX');
    const third = await fileQuestion(m, 'Câu hỏi thứ ba về tín dụng của HTX');
    expect(third.replies[0]!.text).toContain('Hôm nay bạn đã gửi 2 hồ sơ, là mức tối đa mỗi ngày');
    expect(await m.deps.service.listOfMember('telegram:busy')).toHaveLength(2);
    // The form waits at its summary: nothing the member typed is lost.
    expect((await m.say('có')).replies[0]!.text).toContain('mức tối đa mỗi ngày');
  });

  it('passes at most the hourly number of follow-ups on one ticket', async () => {
    const m = member('zalo:chatty');
    const code = /CH-2026-\d{4}/.exec((await fileQuestion(m, 'Hỏi về hỗ trợ lao động trẻ')).replies[0]!.text)![0];
    for (let i = 0; i < 2; i++) {
      await m.say({ choice: `followup:${code}` });
      expect((await m.say(`Bổ sung số ${i + 1}`)).replies[0]!.text).toContain(`Đã gửi thêm vào hồ sơ ${code}`);
    }
    await m.say({ choice: `followup:${code}` });
    expect((await m.say('Bổ sung số 3')).replies[0]!.text).toContain('tối đa');
    expect((await m.deps.service.history(code)).filter((e) => e.type === 'member-message')).toHaveLength(2);
  });

  it('says a member who sends too fast to wait, and changes nothing meanwhile', async () => {
    const m = member('web:flooder');
    let last;
    for (let i = 0; i < 21; i++) last = await m.say('xin chào');
    expect(last!.replies[0]!.text).toContain('Bạn đang gửi tin nhanh quá (tối đa 20 tin mỗi phút)');
  });
});

describe('typed answers where there are no buttons', () => {
  it('takes "không" to skip the optional phone and "có" to send the summary', async () => {
    const m = member('zalo:typer');
    await m.say({ choice: 'form:start:difficulty' }, { buttons: false });
    for (const answer of ['HTX Đồng Tâm', '1', 'xa tan yen', '1', 'Thiếu vốn lưu động để thu mua vải thiều cho thành viên', '1']) await m.say(answer, { buttons: false });
    await m.say({ choice: 'form:skip' }, { buttons: false }); // photos
    expect((await m.say('không', { buttons: false })).replies.at(-1)!.text).toContain('liên hệ với bạn'); // phone skipped; consent asked
    const summary = await m.say('không', { buttons: false });
    expect(summary.replies.at(-1)!.text).toContain('Kiểm tra lại trước khi gửi');
    expect(summary.replies.at(-1)!.text).toContain('• Số điện thoại: (không có)');
    const filed = await m.say('có', { buttons: false });
    expect(filed.replies[0]!.text).toMatch(/Mã hồ sơ: KK-2026-\d{4}/);
  });

  it('says "type the number" rather than "tap a button" on a channel without buttons', async () => {
    const m = member('zalo:numbers');
    await m.say('menu', { buttons: false });
    expect((await m.say('10', { buttons: false })).replies[0]!.text).toContain('Bạn gõ số thứ tự của một mục dưới đây (từ 1 đến 9)');
    // Inside a form too: a wrong answer to a choice question is told to type a number.
    await m.say({ choice: 'form:start:difficulty' }, { buttons: false });
    await m.say('HTX Nông nghiệp Đồng Tâm', { buttons: false });
    const wrong = await m.say('chủ nhiệm', { buttons: false });
    expect(wrong.replies[0]!.text).toContain('gõ số thứ tự');
    expect(wrong.replies[0]!.text).not.toContain('bấm');
  });
});
