import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import { newSession, type Session } from '../../src/conversation/session.js';
import { engineDeps } from '../support/fixtures.js';

type Step = string | { photo: string; caption?: string } | { choice: string } | { command: string; args?: string };

/** A member talking to the core; the session is carried between messages (and between "days"). */
function member(id: string, deps = engineDeps()) {
  let session: Session = newSession();
  return {
    deps,
    get session() {
      return session;
    },
    async say(step: Step) {
      const base = { conversationId: id };
      const msg: InboundMessage =
        typeof step === 'string'
          ? { ...base, kind: 'text', text: step }
          : 'photo' in step
            ? { ...base, kind: 'photo', photo: step.photo, ...(step.caption ? { caption: step.caption } : {}) }
            : 'choice' in step
              ? { ...base, kind: 'choice', choiceId: step.choice }
              : { ...base, kind: 'command', command: step.command, args: step.args ?? '' };
      const out = await handle(msg, session, deps);
      session = out.session;
      return out;
    },
  };
}

describe('filing a difficulty through the form', () => {
  it('asks each field, checks the answers, shows a summary and files with a reference', async () => {
    const m = member('zalo:u1');
    await m.say({ choice: 'form:start:difficulty' });
    expect((await m.say('HTX Nông nghiệp Đồng Tâm')).replies[0]!.text).toContain('Vai trò của bạn trong HTX là gì?');
    await m.say('1'); // manager
    expect((await m.say('xa tan yen')).replies[0]!.text).toContain('lĩnh vực');
    await m.say('1'); // credit
    const short = await m.say('ngắn');
    expect(short.replies[0]!.text).toContain('từ 10 đến 2.000 ký tự');
    await m.say('Thiếu vốn lưu động để thu mua vải thiều cho thành viên vụ này');
    await m.say('2'); // urgent
    expect((await m.say({ photo: 'https://example.org/anh1.jpg' })).replies[0]!.text).toContain('Đã nhận 1 ảnh');
    await m.say({ choice: 'form:done' });
    const badPhone = await m.say('12345');
    expect(badPhone.replies[0]!.text).toContain('Số điện thoại chưa đúng');
    await m.say('0912.345.678');
    const summary = await m.say('có');
    const text = summary.replies[0]!.text;
    expect(text).toContain('Kiểm tra lại trước khi gửi');
    expect(text).toContain('• Xã/phường: Xã Tân Yên');
    expect(text).toContain('• Mức độ: Khẩn cấp');
    expect(text).toContain('• Số điện thoại: 0912 345 678');
    const filed = await m.say({ choice: 'form:confirm' });
    expect(filed.replies[0]!.text).toMatch(/Mã hồ sơ: KK-2026-0001/);
    expect(filed.effects).toContainEqual({ type: 'ticket-filed', code: 'KK-2026-0001' });
    const ticket = await m.deps.service.get('KK-2026-0001');
    expect(ticket).toMatchObject({ memberId: 'zalo:u1', commune: 'Xã Tân Yên', topic: 'credit', urgency: 'urgent', phone: '+84912345678', consentToContact: true, photos: ['https://example.org/anh1.jpg'] });
    expect(m.session.form).toBeUndefined();
  });

  it('keeps no phone without consent, accepts an unknown commune after confirmation, and edits from the summary', async () => {
    const m = member('web:u2');
    await m.say({ command: 'khokhan' });
    await m.say('HTX Rau sạch');
    await m.say('2');
    const unknown = await m.say('Thôn Đông');
    expect(unknown.replies[0]!.text).toContain('không tìm thấy');
    await m.say({ choice: 'form:keep' });
    await m.say('5'); // land
    await m.say('Đường nội đồng xuống cấp, xe chở nông sản không vào được');
    await m.say('1');
    await m.say({ choice: 'form:skip' });
    await m.say('0987654321');
    await m.say('không');
    await m.say({ choice: 'form:edit' });
    await m.say({ choice: 'form:field:0' });
    const back = await m.say('HTX Rau an toàn Đông Phú');
    expect(back.replies[0]!.text).toContain('• Tên HTX: HTX Rau an toàn Đông Phú');
    await m.say({ choice: 'form:confirm' });
    const t = (await m.deps.tickets.listOfMember('web:u2'))[0]!;
    expect(t).toMatchObject({ cooperative: 'HTX Rau an toàn Đông Phú', commune: 'Thôn Đông', phone: null, consentToContact: false, topic: 'land' });
  });

  it('cancels at any step with /cancel or "hủy", and nothing is filed', async () => {
    const m = member('telegram:3');
    await m.say({ choice: 'form:start:difficulty' });
    await m.say('HTX A');
    const out = await m.say('hủy');
    expect(out.replies[0]!.text).toContain('Đã hủy');
    expect(m.session.form).toBeUndefined();
    expect(await m.deps.tickets.listOfMember('telegram:3')).toEqual([]);
  });

  it('lets a member leave in the middle and resume where they stopped', async () => {
    const m = member('zalo:u4');
    await m.say({ choice: 'form:start:difficulty' });
    await m.say('HTX Chè Đồng Hỷ');
    await m.say({ command: 'menu' });
    const menu = await m.say({ command: 'start' });
    expect(menu.replies[0]!.choices![0]).toEqual({ id: 'form:start:difficulty', label: '▶️ Tiếp tục hồ sơ đang gửi dở' });
    const resumed = await m.say('1');
    expect(resumed.replies.map((r) => r.text).join('\n')).toContain('Vai trò của bạn trong HTX là gì?');
  });
});

describe('concerns for the dialogue conference', () => {
  it('attach to the next open conference', async () => {
    const m = member('telegram:5');
    const start = await m.say({ choice: 'form:start:concern' });
    expect(start.replies[0]!.text).toContain('Hạn gửi: hết ngày 10/12/2026');
    for (const s of ['HTX Vải Lục Ngạn', '1', 'Tân Yên', '2', 'Đề nghị tỉnh hỗ trợ kho lạnh cho vùng vải', { choice: 'form:skip' } as const, 'co']) await m.say(s);
    const filed = await m.say({ choice: 'form:confirm' });
    expect(filed.replies[0]!.text).toContain('KN-2026-0001');
    expect((await m.deps.service.get('KN-2026-0001'))!.conferenceId).toBe('doi-thoai-2026');
  });

  it('after the deadline, say so and offer a difficulty instead', async () => {
    const m = member('telegram:6', engineDeps(undefined, new Date('2026-12-11T03:00:00Z')));
    const out = await m.say({ choice: 'form:start:concern' });
    expect(out.replies[0]!.text).toContain('hết hạn nhận kiến nghị');
    expect(out.replies[0]!.choices!.map((c) => c.id)).toContain('form:start:difficulty');
  });
});

describe('status', () => {
  it('lists the member\'s own tickets and shows one; another member\'s code is "not found"', async () => {
    const deps = engineDeps();
    const a = member('zalo:a', deps);
    const b = member('zalo:b', deps);
    await deps.service.file({ kind: 'difficulty', memberId: 'zalo:a', locale: 'vi', topic: 'tax', cooperative: 'HTX', role: 'member', commune: 'Tân Yên', content: 'Vướng hoàn thuế GTGT', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null });
    const list = await a.say({ command: 'status' });
    expect(list.replies[0]!.text).toContain('KK-2026-0001 · Khó khăn · Mới');
    const one = await a.say({ command: 'status', args: 'kk-2026-1' });
    expect(one.replies[0]!.text).toContain('Đã tiếp nhận');
    const theirs = await b.say({ command: 'status', args: 'KK-2026-0001' });
    const missing = await b.say({ command: 'status', args: 'KK-2026-0999' });
    expect(theirs.replies[0]!.text.replace('0001', 'XXXX')).toBe(missing.replies[0]!.text.replace('0999', 'XXXX'));
  });

  it('shows the answer given at the conference in the concern\'s status, as it shows a staff reply', async () => {
    const m = member('zalo:kn');
    const t = await m.deps.service.file({ kind: 'concern', memberId: 'zalo:kn', locale: 'vi', topic: 'land', cooperative: 'HTX', role: 'manager', commune: 'Tân Yên', content: 'Xin thuê đất làm nhà sơ chế', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: 'doi-thoai-2026' });
    await m.deps.service.conferenceAnswer(t.code, { kind: 'staff', name: 'Lan' }, 'Tỉnh giao Sở Nông nghiệp rà soát quỹ đất trong quý I.');
    const one = await m.say({ command: 'status', args: t.code });
    expect(one.replies[0]!.text).toContain('Trả lời tại hội nghị đối thoại: Tỉnh giao Sở Nông nghiệp rà soát quỹ đất trong quý I.');
  });

  it('sends a follow-up to an open ticket', async () => {
    const m = member('web:f');
    const t = await m.deps.service.file({ kind: 'question', memberId: 'web:f', locale: 'vi', topic: null, cooperative: null, role: null, commune: null, content: 'Hỏi về thuế', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null });
    await m.say({ choice: `followup:${t.code}` });
    const out = await m.say('Bổ sung: HTX có 30 thành viên');
    expect(out.replies[0]!.text).toContain(`Đã gửi thêm vào hồ sơ ${t.code}`);
    expect(out.effects).toContainEqual({ type: 'member-follow-up', code: t.code, text: 'Bổ sung: HTX có 30 thành viên', photo: null });
  });

  it('sends a follow-up typed while a form is open to the ticket, then asks the form\'s question again', async () => {
    const m = member('web:busy');
    const t = await m.deps.service.file({ kind: 'question', memberId: 'web:busy', locale: 'vi', topic: null, cooperative: null, role: null, commune: null, content: 'Hỏi về thuế', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null });
    await m.say({ choice: 'form:start:difficulty' });
    await m.say('HTX Nông nghiệp Đồng Tâm');
    await m.say('1'); // manager; the form now asks for the commune (free text)
    await m.say({ choice: `followup:${t.code}` });
    const out = await m.say('Vâng, HTX sẽ có người đón đoàn.');
    expect(out.effects).toContainEqual({ type: 'member-follow-up', code: t.code, text: 'Vâng, HTX sẽ có người đón đoàn.', photo: null });
    expect(out.replies[0]!.text).toContain(`Đã gửi thêm vào hồ sơ ${t.code}`);
    expect(out.replies.at(-1)!.text).toContain('xã');
    // The form carries on where it stood; the follow-up did not become the commune.
    expect((await m.say('xa tan yen')).replies[0]!.text).toContain('lĩnh vực');
    // Later questions are questions again, not more follow-ups.
    await m.say({ choice: 'form:cancel' });
    const question = await m.say('htx vay vốn ưu đãi ở đâu');
    expect(question.effects.map((e) => e.type)).not.toContain('member-follow-up');
  });

  it('ends "send more" when the member does something else instead', async () => {
    const m = member('web:changed-mind');
    const t = await m.deps.service.file({ kind: 'question', memberId: 'web:changed-mind', locale: 'vi', topic: null, cooperative: null, role: null, commune: null, content: 'Hỏi về thuế', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null });
    await m.say({ choice: `followup:${t.code}` });
    await m.say({ choice: 'browse' });
    const out = await m.say('htx vay vốn ưu đãi ở đâu');
    expect(out.effects.map((e) => e.type)).not.toContain('member-follow-up');
  });

  it('keeps the words sent with a form photo on the ticket', async () => {
    const m = member('telegram:captions');
    await m.say({ choice: 'form:start:difficulty' });
    for (const answer of ['HTX Nông nghiệp Đồng Tâm', '1', 'xa tan yen', '1', 'Đường vào vùng trồng vải bị sạt, xe không vào được', '1']) await m.say(answer);
    expect((await m.say({ photo: 'tg:file-1', caption: 'Đoạn đường bị sạt' })).replies[0]!.text).toContain('Đã nhận 1 ảnh');
    await m.say({ choice: 'form:done' });
    await m.say('không'); // no phone
    const summary = await m.say('không'); // no contact
    expect(summary.replies[0]!.text).toContain('«Đoạn đường bị sạt»');
    await m.say({ choice: 'form:confirm' });
    const deps = m.deps;
    const ticket = (await deps.service.get('KK-2026-0001'))!;
    expect(ticket.photos).toEqual(['tg:file-1']);
    expect(ticket.content).toContain('[ảnh 1] Đoạn đường bị sạt');
  });

  it('does not take a bare number as the question for staff', async () => {
    const m = member('zalo:number');
    await m.say('tôi muốn nói chuyện với cán bộ');
    const out = await m.say('5');
    expect(out.replies[0]!.text).toContain('ngắn quá');
    expect(out.effects).toEqual([]);
    const asked = await m.say('HTX muốn hỏi về bảo hiểm nông nghiệp cho cây vải');
    expect(asked.replies[0]!.text).toContain('Gửi câu hỏi này cho cán bộ');
  });

  it('asks the form\'s question again after a message over the length limit', async () => {
    const m = member('web:long');
    await m.say({ choice: 'form:start:difficulty' });
    const out = await m.say('x'.repeat(2100));
    expect(out.replies[0]!.text).toContain('2.100 ký tự');
    expect(out.replies[0]!.text).not.toContain('câu hỏi');
    expect(out.replies[1]!.text).toContain('Tên hợp tác xã');
    // Outside a form the limit reply offers the way back, not the buttons of an earlier answer.
    await m.say({ choice: 'form:cancel' });
    const outside = await m.say('y'.repeat(2100));
    expect(outside.replies[0]!.choices!.map((c) => c.id)).toEqual(['menu']);
  });

  it('escalates a question the bot cannot answer, carrying the question text', async () => {
    const m = member('telegram:q');
    await m.say('htx nuôi ong lấy mật có được hỗ trợ gì về tem nhãn xuất khẩu sang Nhật');
    await m.say({ choice: 'ask-alliance' });
    const filed = await m.say({ choice: 'form:confirm' });
    expect(filed.replies[0]!.text).toContain('CH-2026-0001');
    expect((await m.deps.service.get('CH-2026-0001'))!.content).toContain('nuôi ong');
  });
});
