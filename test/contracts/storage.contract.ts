import { fold } from '../../src/knowledge/normalize.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/ports.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';

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

    it('lets a claim be taken again after it expires', async () => {
      expect(await storage.claims.claim('telegram:update:77', 1)).toBe(true);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await storage.claims.claim('telegram:update:77', 1)).toBe(true);
    });
  });
}
