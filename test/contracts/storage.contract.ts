import { fold } from '../../src/knowledge/normalize.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/ports.js';
import type { TicketState } from '../../src/tickets/ticket.js';
import type { TicketDraft, TicketPage, TicketQuery } from '../../src/tickets/ticket-store.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { queueOrder } from '../../src/tickets/ticket-stats.js';

const draft = (over: Partial<TicketDraft> = {}): TicketDraft => ({
  kind: 'difficulty',
  memberId: 'telegram:1',
  locale: 'vi',
  topic: 'credit',
  cooperative: 'HTX Nông nghiệp Đồng Tâm',
  role: 'manager',
  commune: 'Tân Yên',
  content: 'Khó khăn về vốn lưu động cho vụ vải',
  phone: '+84912345678',
  consentToContact: true,
  urgency: 'normal',
  photos: [],
  conferenceId: null,
  ...over,
});

const OPEN: TicketState[] = ['new', 'in-progress', 'answered'];
const codes = (page: TicketPage) => page.tickets.map((t) => t.code);

/** The behaviour every storage adapter must have; run against SQLite and Redis. */
export function storageContract(name: string, open: () => Promise<Storage>, close: () => Promise<void> = async () => {}) {
  describe(`${name} storage`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await open();
    });
    afterAll(async () => {
      await storage.close();
      await close();
    });

    it('answers a ping', async () => {
      expect(await storage.ping()).toBe(true);
    });

    it('returns nothing for a conversation it has never seen', async () => {
      expect(await storage.sessions.load('telegram:never')).toBeUndefined();
    });

    it('keeps a session per conversation, with Vietnamese text intact', async () => {
      const a = { v: 1, locale: 'en', choices: [{ id: 'lang:vi', label: 'Tiếng Việt' }] };
      const b = { v: 1, choices: [] };
      await storage.sessions.save('telegram:1', a);
      await storage.sessions.save('web:abc', b);
      expect(await storage.sessions.load('telegram:1')).toEqual(a);
      expect(await storage.sessions.load('web:abc')).toEqual(b);
    });

    it('overwrites a session with its newer value', async () => {
      await storage.sessions.save('zalo:x', { v: 1, locale: 'vi', choices: [] });
      await storage.sessions.save('zalo:x', { v: 1, locale: 'en', choices: [] });
      expect(await storage.sessions.load('zalo:x')).toMatchObject({ locale: 'en' });
    });

    it('claims an update once, even when claimed concurrently', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, () => storage.claims.claim('telegram:update:42', 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await storage.claims.claim('telegram:update:43', 60)).toBe(true);
    });

    it('lets a released claim be taken again (a failed handling is retried)', async () => {
      expect(await storage.claims.claim('telegram:update:50', 60)).toBe(true);
      await storage.claims.release('telegram:update:50');
      expect(await storage.claims.claim('telegram:update:50', 60)).toBe(true);
      expect(await storage.claims.claim('telegram:update:50', 60)).toBe(false);
    });

    it('counts 👍/👎 per entry, one vote per member, unhelpful entries first', async () => {
      await storage.insights.recordFeedback('tax-a', true, 'thue tndn', 'm1');
      await storage.insights.recordFeedback('credit-b', false, 'vay von [số]', 'm1');
      await storage.insights.recordFeedback('credit-b', false, null, 'm2');
      await storage.insights.recordFeedback('credit-b', true, 'vay', 'm3');
      expect(await storage.insights.feedbackByEntry()).toEqual([
        { entryId: 'credit-b', up: 1, down: 2 },
        { entryId: 'tax-a', up: 1, down: 0 },
      ]);
    });

    it('lets a second tap change a member\'s vote instead of adding one', async () => {
      for (let i = 0; i < 50; i++) await storage.insights.recordFeedback('land-x', false, 'đất', 'tapper');
      expect((await storage.insights.feedbackByEntry()).find((r) => r.entryId === 'land-x')).toEqual({ entryId: 'land-x', up: 0, down: 1 });
      await storage.insights.recordFeedback('land-x', true, 'đất', 'tapper');
      expect((await storage.insights.feedbackByEntry()).find((r) => r.entryId === 'land-x')).toEqual({ entryId: 'land-x', up: 1, down: 0 });
    });

    it('keeps a member\'s unanswered question once, however often and however typed', async () => {
      await storage.insights.recordUnanswered('Giá phân bón hôm nay?', 'none', null, 'asker');
      await storage.insights.recordUnanswered('gia phan bon hom nay', 'none', null, 'asker');
      await storage.insights.recordUnanswered('giá phân bón hôm nay', 'none', null, 'other');
      const kept = (await storage.insights.recentQuestions(100)).filter((r) => fold(r.question) === 'gia phan bon hom nay');
      expect(kept).toHaveLength(2);
    });

    it('erases a member\'s votes and questions on /forget', async () => {
      await storage.insights.recordFeedback('ocop-z', false, 'ocop', 'leaver');
      await storage.insights.recordUnanswered('câu hỏi riêng của tôi', 'none', null, 'leaver');
      await storage.insights.forgetVoter('leaver');
      expect((await storage.insights.feedbackByEntry()).find((r) => r.entryId === 'ocop-z')).toBeUndefined();
      expect((await storage.insights.recentQuestions(1000)).map((r) => r.question)).not.toContain('câu hỏi riêng của tôi');
    });

    it('keeps unanswered and 👎 questions, newest first', async () => {
      await storage.insights.recordUnanswered('giá phân bón', 'none', null, 'm4');
      await new Promise((r) => setTimeout(r, 5));
      await storage.insights.recordUnanswered('htx nuôi ong', 'unsure', 'technology', 'm4');
      const recent = await storage.insights.recentQuestions(10);
      expect(recent[0]).toMatchObject({ kind: 'unsure', question: 'htx nuôi ong', topic: 'technology' });
      expect(recent.map((r) => r.question)).toContain('vay von [số]');
      expect(recent.map((r) => r.question)).toContain('giá phân bón');
      expect(await storage.insights.recentQuestions(1)).toHaveLength(1);
    });

    it('gives 50 members filing at the same moment 50 distinct references', async () => {
      const at = new Date('2026-11-26T03:00:00Z');
      const tickets = await Promise.all(Array.from({ length: 50 }, (_, i) => storage.tickets.create(draft({ memberId: `web:m${i}` }), at)));
      const codes = tickets.map((t) => t.code);
      expect(new Set(codes).size).toBe(50);
      expect(codes.every((c) => /^KK-2026-\d{4}$/.test(c))).toBe(true);
      expect(codes.map((c) => Number(c.slice(-4))).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('numbers each kind separately, by the year in Vietnam', async () => {
      const concern = await storage.tickets.create(draft({ kind: 'concern' }), new Date('2026-05-01T00:00:00Z'));
      expect(concern.code).toBe('KN-2026-0001');
      const newYear = await storage.tickets.create(draft({ kind: 'concern' }), new Date('2026-12-31T18:00:00Z')); // 01:00 on 1/1/2027 in Hà Nội
      expect(newYear.code).toBe('KN-2027-0001');
    });

    it('keeps a ticket, its history, and finds it by member and by staff thread', async () => {
      const t = await storage.tickets.create(draft({ kind: 'question', memberId: 'zalo:abc' }), new Date('2026-06-01T00:00:00Z'));
      expect(t).toMatchObject({ state: 'new', memberId: 'zalo:abc', anonymised: false });
      expect(await storage.tickets.get(t.code)).toEqual(t);
      const answered = { ...t, state: 'answered' as const, staffThread: { chatId: -100123, topicId: 77, messageId: 5 } };
      await storage.tickets.update(answered, [{ code: t.code, at: '2026-06-02T00:00:00.000Z', actor: 'staff:Lan', type: 'staff-reply', text: 'Trả lời' }]);
      expect((await storage.tickets.get(t.code))!.state).toBe('answered');
      expect((await storage.tickets.history(t.code)).map((e) => e.type)).toEqual(['created', 'staff-reply']);
      expect((await storage.tickets.byMember('zalo:abc')).map((x) => x.code)).toEqual([t.code]);
      expect((await storage.tickets.byStaffThread(-100123, { topicId: 77 }))?.code).toBe(t.code);
      expect((await storage.tickets.byStaffThread(-100123, { messageId: 5 }))?.code).toBe(t.code);
      expect(await storage.tickets.byStaffThread(-100123, { topicId: 78 })).toBeUndefined();
      expect(await storage.tickets.get('KK-1999-0001')).toBeUndefined();
      expect((await storage.tickets.all()).length).toBeGreaterThanOrEqual(53);
    });

    it('forgets who filed a ticket when it is anonymised', async () => {
      const t = await storage.tickets.create(draft({ memberId: 'web:forget-me' }), new Date());
      await storage.tickets.update({ ...t, memberId: null, phone: null, anonymised: true }, []);
      expect(await storage.tickets.byMember('web:forget-me')).toEqual([]);
    });

    describe('the staff queue', () => {
      const file = (over: Partial<TicketDraft>, at: string) => storage.tickets.create(draft(over), new Date(at));
      const query = (q: Partial<TicketQuery>) => storage.tickets.page({ offset: 0, limit: 50, ...q });

      it('lists open tickets overdue first, then oldest first, a page at a time with the number in all', async () => {
        const commune = 'Phường Thứ Tự';
        const waiting = await file({ commune }, '2026-03-01T02:00:00Z');
        const answered = await file({ commune }, '2026-03-02T02:00:00Z');
        const taken = await file({ commune }, '2026-03-03T02:00:00Z');
        const recent = await file({ commune }, '2026-03-10T02:00:00Z');
        const sameMoment = await file({ commune, kind: 'question' }, '2026-03-10T02:00:00Z');
        const closed = await file({ commune }, '2026-02-01T02:00:00Z');
        await storage.tickets.update({ ...answered, state: 'answered', firstAnsweredAt: '2026-03-02T05:00:00.000Z' }, []);
        await storage.tickets.update({ ...taken, state: 'in-progress', assignee: 'Lan' }, []);
        await storage.tickets.update({ ...closed, state: 'closed', closedAt: '2026-02-02T00:00:00.000Z' }, []);
        const overdueBefore = '2026-03-05T00:00:00.000Z';
        const queue = (offset: number, limit: number) => query({ states: OPEN, commune, overdueBefore, offset, limit });

        // Waiting and taken are unanswered since before the cutoff; at one moment, the code decides (CH before KK).
        const order = [waiting, taken, answered, sameMoment, recent].map((t) => t.code);
        expect(await queue(0, 50)).toMatchObject({ total: 5 });
        expect(codes(await queue(0, 50))).toEqual(order);
        const pages = await Promise.all([0, 2, 4, 6].map((offset) => queue(offset, 2)));
        expect(pages.map(codes)).toEqual([order.slice(0, 2), order.slice(2, 4), order.slice(4), []]);
        expect(pages.map((p) => p.total)).toEqual([5, 5, 5, 5]);
        expect(codes(await queue(1, 2))).toEqual(order.slice(1, 3));
        expect((await queue(0, 50)).tickets[0]).toEqual(await storage.tickets.get(waiting.code));

        // The order of the Telegram and CLI queue: on Monday 9/3 with 3 working days, a ticket filed
        // before Thursday 5/3 (Vietnam time) and not answered is overdue.
        const mine = (await storage.tickets.all()).filter((t) => t.commune === commune);
        const monday = queueOrder(mine, new Date('2026-03-09T03:00:00Z'), 3).map((x) => x.ticket.code);
        expect(codes(await query({ states: OPEN, commune, overdueBefore: '2026-03-04T17:00:00.000Z' }))).toEqual(monday);

        // Without a cutoff, oldest first; every state when none is asked for (a closed ticket is never overdue).
        expect(codes(await query({ states: OPEN, commune }))).toEqual([waiting, answered, taken, sameMoment, recent].map((t) => t.code));
        expect(codes(await query({ commune, overdueBefore }))).toEqual([waiting, taken, closed, answered, sameMoment, recent].map((t) => t.code));
      });

      it('filters by kind, topic, commune, urgency, assignee, state and "member wrote again"', async () => {
        const commune = 'Xã Bộ Lọc';
        const at = '2026-04-01T02:00:00Z';
        const concern = await file({ commune, kind: 'concern', topic: 'tax' }, at);
        const urgent = await file({ commune, urgency: 'urgent', topic: 'land' }, at);
        const taken = await file({ commune, topic: 'land' }, at);
        const wrote = await file({ commune, kind: 'question', topic: 'credit' }, at);
        const closed = await file({ commune }, at);
        await storage.tickets.update({ ...taken, state: 'in-progress', assignee: 'Lan' }, []);
        await storage.tickets.update({ ...wrote, memberWroteAgain: true }, []);
        await storage.tickets.update({ ...closed, state: 'closed', assignee: 'Lan' }, []);
        const find = async (q: Partial<TicketQuery>) => codes(await query({ commune, ...q })).sort();
        const sorted = (...ts: Array<{ code: string }>) => ts.map((t) => t.code).sort();

        expect(await find({})).toEqual(sorted(concern, urgent, taken, wrote, closed));
        expect(await find({ kind: 'concern' })).toEqual(sorted(concern));
        expect(await find({ topic: 'land' })).toEqual(sorted(urgent, taken));
        expect(await find({ urgency: 'urgent' })).toEqual(sorted(urgent));
        expect(await find({ assignee: 'Lan' })).toEqual(sorted(taken, closed));
        expect(await find({ assignee: 'Lan', states: OPEN })).toEqual(sorted(taken));
        expect(await find({ assignee: null })).toEqual(sorted(concern, urgent, wrote));
        expect(await find({ memberWroteAgain: true })).toEqual(sorted(wrote));
        expect(await find({ states: ['closed'] })).toEqual(sorted(closed));
        expect(await find({ states: ['new', 'in-progress'] })).toEqual(sorted(concern, urgent, taken, wrote));
        expect(await find({ kind: 'difficulty', topic: 'land', assignee: null })).toEqual(sorted(urgent));
        expect(await find({ states: [] })).toEqual([]);
        expect(await query({ commune: 'Xã Không Có Phiếu' })).toEqual({ tickets: [], total: 0 });

        // A change moves the ticket: it leaves the lists it no longer belongs to.
        await storage.tickets.update({ ...taken, state: 'closed', assignee: 'Minh', topic: 'tax' }, []);
        expect(await find({ states: ['in-progress'] })).toEqual([]);
        expect(await find({ states: ['closed'] })).toEqual(sorted(closed, taken));
        expect(await find({ assignee: 'Lan' })).toEqual(sorted(closed));
        expect(await find({ assignee: 'Minh' })).toEqual(sorted(taken));
        expect(await find({ topic: 'land' })).toEqual(sorted(urgent));
        expect(await find({ topic: 'tax' })).toEqual(sorted(concern, taken));
      });

      it('finds tickets by code, cooperative or words of the text, with or without diacritics', async () => {
        const commune = 'Xã Tìm Kiếm';
        const dryer = await file({ commune, cooperative: 'HTX Dịch vụ Quế Sơn', content: 'Cần mua máy sấy nông sản' }, '2026-05-01T02:00:00Z');
        const other = await file({ commune, cooperative: 'HTX Rau sạch Yên Dũng', content: 'Hỏi về bảo hiểm xã hội cho xã viên' }, '2026-05-02T02:00:00Z');
        const search = async (text: string) => codes(await query({ text }));

        expect(await search('máy sấy')).toEqual([dryer.code]);
        expect(await search('may say')).toEqual([dryer.code]);
        expect(await search('QUẾ SƠN')).toEqual([dryer.code]);
        expect(await search('que so')).toEqual([dryer.code]);
        expect(await search('yen dung bao hiem')).toEqual([other.code]);
        expect(await search('que son bao hiem')).toEqual([]);
        expect(await search(dryer.code)).toEqual([dryer.code]);
        expect(await search(dryer.code.toLowerCase())).toEqual([dryer.code]);
        expect(await query({ commune, text: ' – ' })).toMatchObject({ total: 2 });
        expect(await query({ commune, text: 'sạch' })).toMatchObject({ total: 1 });

        // A search keeps the queue's order and its other filters.
        const answered = await file({ commune, cooperative: 'HTX Rau Quế Sơn', kind: 'question' }, '2026-04-01T02:00:00Z');
        await storage.tickets.update({ ...answered, state: 'answered', firstAnsweredAt: '2026-04-02T02:00:00.000Z' }, []);
        const overdueBefore = '2026-06-01T00:00:00.000Z';
        expect(codes(await query({ commune, text: 'htx', overdueBefore }))).toEqual([dryer.code, other.code, answered.code]);
        expect(codes(await query({ commune, text: 'htx' }))).toEqual([answered.code, dryer.code, other.code]);
        expect(codes(await query({ commune, text: 'htx', overdueBefore, offset: 1, limit: 1 }))).toEqual([other.code]);
        expect(codes(await query({ states: ['answered'], text: 'que son' }))).toEqual([answered.code]);
        expect(codes(await query({ kind: 'difficulty', text: 'que son' }))).toEqual([dryer.code]);
        await storage.tickets.update({ ...dryer, state: 'closed' }, []);
        expect(codes(await query({ states: OPEN, text: 'que son' }))).toEqual([answered.code]);
        expect(codes(await query({ text: 'que son', overdueBefore }))).toEqual([answered.code, dryer.code]);

        // An anonymised ticket is no longer found by what the member wrote.
        await storage.tickets.update({ ...other, memberId: null, cooperative: null, content: '', anonymised: true }, []);
        expect(await search('bảo hiểm')).toEqual([]);
        expect(await search('yen dung')).toEqual([]);
        expect(await search(other.code)).toEqual([other.code]);
      });

      it('shows staff that a member wrote again since their last answer, until staff answer', async () => {
        const service = new TicketService(storage.tickets);
        const commune = 'Xã Viết Thêm';
        const member = 'web:wrote-again';
        const t = await service.file(draft({ commune, memberId: member }));
        const flag = async () => (await storage.tickets.get(t.code))!.memberWroteAgain;
        const flagged = async () => codes(await query({ commune, memberWroteAgain: true }));

        expect(await flag()).toBe(false);
        expect(await flagged()).toEqual([]);
        await service.memberMessage(t.code, member, 'Tôi gửi thêm ảnh ruộng');
        expect(await flag()).toBe(true);
        expect(await flagged()).toEqual([t.code]);
        await service.staffReply(t.code, { kind: 'staff', name: 'Lan' }, 'Liên minh đã nhận');
        expect(await flag()).toBe(false);
        expect(await flagged()).toEqual([]);
        await service.memberMessage(t.code, member, 'Bao giờ có kết quả?');
        await service.note(t.code, { kind: 'staff', name: 'Lan' }, 'Chờ phòng nông nghiệp');
        await service.take(t.code, { kind: 'staff', name: 'Minh' });
        expect(await flag()).toBe(true);
        expect(await flagged()).toEqual([t.code]);
      });
    });

    it('lets a claim be taken again after it expires', async () => {
      expect(await storage.claims.claim('telegram:update:77', 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await storage.claims.claim('telegram:update:77', 1)).toBe(true);
    });
  });
}
