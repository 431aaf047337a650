import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';

const draft = (memberId: string): TicketDraft => ({
  kind: 'difficulty', memberId, locale: 'vi', topic: 'land', cooperative: 'HTX Đồng Tâm', role: 'member', commune: 'Tân Yên',
  content: 'Đường nội đồng hỏng, xe không vào được', phone: '+84912345678', consentToContact: true, urgency: 'urgent', photos: ['file-1'], conferenceId: null,
});
const staff = { kind: 'staff', name: 'Lan' } as const;

function service() {
  let t = Date.parse('2026-11-26T01:00:00Z');
  return new TicketService(sqliteTickets(new Database(':memory:')), () => new Date((t += 60_000)));
}

describe('ticket actions', () => {
  it('take, reply, note, close, reopen: each changes the state and leaves who/when/what in the history', async () => {
    const s = service();
    const t = await s.file(draft('telegram:1'));
    expect((await s.take(t.code, staff)).ok).toBe(true);
    const replied = await s.staffReply(t.code, staff, 'Liên minh đã làm việc với UBND xã.');
    expect(replied.ok && replied.ticket).toMatchObject({ state: 'answered', assignee: 'Lan' });
    await s.note(t.code, staff, 'Gọi lại thứ Hai');
    const closed = await s.close(t.code, staff, 'Đã giải quyết');
    expect(closed.ok && closed.ticket.state).toBe('closed');
    expect((await s.close(t.code, staff, null)).ok).toBe(false);
    expect((await s.reopen(t.code, staff)).ok).toBe(true);
    const history = await s.history(t.code);
    expect(history.map((e) => [e.type, e.actor])).toEqual([
      ['created', 'member'], ['taken', 'staff:Lan'], ['staff-reply', 'staff:Lan'], ['note', 'staff:Lan'], ['closed', 'staff:Lan'], ['reopened', 'staff:Lan'],
    ]);
    expect(history.every((e, i) => i === 0 || e.at > history[i - 1]!.at)).toBe(true);
  });

  it('lets a member see and rate only their own ticket', async () => {
    const s = service();
    const t = await s.file(draft('zalo:a'));
    expect(await s.ofMember('zalo:a', t.code)).toBeDefined();
    expect(await s.ofMember('zalo:b', t.code)).toBeUndefined();
    await s.close(t.code, staff, null);
    expect(await s.rate(t.code, 'zalo:b', 5)).toEqual({ ok: false, reason: 'not-found' });
    expect(await s.rate(t.code, 'zalo:a', 6)).toEqual({ ok: false, reason: 'invalid' });
    const rated = await s.rate(t.code, 'zalo:a', 4);
    expect(rated.ok && rated.ticket.rating).toBe(4);
  });

  it('forgets a member: personal data and their words go, the anonymised ticket stays', async () => {
    const s = service();
    const t = await s.file(draft('web:x'));
    await s.memberMessage(t.code, 'web:x', 'Số của tôi 0912345678');
    expect(await s.anonymiseMember('web:x')).toBe(1);
    const after = await s.get(t.code);
    expect(after).toMatchObject({ memberId: null, phone: null, cooperative: null, content: '', photos: [], anonymised: true, commune: 'Tân Yên', topic: 'land' });
    expect((await s.history(t.code)).filter((e) => e.actor === 'member').every((e) => e.text === null)).toBe(true);
    expect(await s.listOfMember('web:x')).toEqual([]);
  });
});

describe('the conference agenda', () => {
  it('groups a conference\'s concerns by topic, biggest group first', async () => {
    const { StaffActions } = await import('../../src/tickets/staff-actions.js');
    const { createTranslator } = await import('../../src/i18n/create-translator.js');
    const { localesDir } = await import('../support/fixtures.js');
    const s = service();
    const concern = (topic: 'land' | 'credit', content: string) =>
      s.file({ ...draft('web:c'), kind: 'concern', topic, content, conferenceId: 'doi-thoai-2026' });
    await concern('land', 'Đề nghị đơn giản thủ tục thuê đất công ích');
    await concern('credit', 'Đề nghị tăng vốn Quỹ hỗ trợ HTX');
    await concern('land', 'Đề nghị giảm tiền thuê đất năm 2027');
    await s.file(draft('web:d')); // a difficulty is not on the agenda
    const relay = { staffReplied: async () => undefined, closed: async () => undefined } as never;
    const actions = new StaffActions(s, relay, createTranslator(localesDir)('vi'), 2);
    const { text } = await actions.agenda('doi-thoai-2026');
    expect(text).toContain('Kiến nghị cho hội nghị doi-thoai-2026: 3');
    expect(text.indexOf('Đất đai (2)')).toBeLessThan(text.indexOf('Tín dụng, vay vốn (1)'));
    expect(text).not.toContain('Đường nội đồng');
  });
});
