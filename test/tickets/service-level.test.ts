import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { remindOverdue } from '../../src/relay/reminders.js';
import { TicketRelay } from '../../src/relay/ticket-relay.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import { isOverdue, overdueCutoff, workingDaysBetween } from '../../src/tickets/service-level.js';
import type { Ticket } from '../../src/tickets/ticket.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { localesDir } from '../support/fixtures.js';

const at = (s: string) => new Date(s);

describe('service level in working days (Monday–Friday, Vietnam time)', () => {
  it('skips the weekend', () => {
    // Thursday 26/11/2026 → Monday 30/11/2026: Friday and Monday are working days.
    expect(workingDaysBetween(at('2026-11-26T03:00:00Z'), at('2026-11-30T03:00:00Z'))).toBe(2);
    expect(workingDaysBetween(at('2026-11-27T03:00:00Z'), at('2026-11-29T03:00:00Z'))).toBe(0);
  });

  it('counts days in Vietnam, not UTC', () => {
    // 23:30 UTC on Thursday is already Friday 06:30 in Hà Nội.
    expect(workingDaysBetween(at('2026-11-26T23:30:00Z'), at('2026-11-30T03:00:00Z'))).toBe(1);
  });
});

describe('the overdue reminder in the staff chat', () => {
  it('lists every overdue ticket, at most once a day, and never on a weekend', async () => {
    const db = new Database(':memory:');
    let now = at('2026-11-26T03:00:00Z');
    const tickets = new TicketService(sqliteTickets(db), () => now);
    const queue = createSqliteOutbox(db);
    const t = createTranslator(localesDir);
    const relay = new TicketRelay({ queue, tickets, translator: t, staffChat: true });
    const a = await tickets.file({ kind: 'difficulty', memberId: 'web:a', locale: 'vi', topic: 'land', cooperative: 'HTX A', role: 'member', commune: 'Tân Yên', content: 'Khó khăn về đất', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null });
    await tickets.file({ kind: 'question', memberId: 'web:b', locale: 'vi', topic: null, cooperative: null, role: null, commune: null, content: 'Câu hỏi', phone: null, consentToContact: false, urgency: null, photos: [], conferenceId: null });
    expect(await remindOverdue({ tickets, relay, now, days: 2, t: t('vi') })).toBe(false); // nothing overdue yet
    now = at('2026-11-28T03:00:00Z'); // Saturday
    expect(await remindOverdue({ tickets, relay, now, days: 2, t: t('vi') })).toBe(false);
    now = at('2026-11-30T03:00:00Z'); // Monday: 2 working days later
    expect(isOverdue((await tickets.get(a.code))!, now, 2)).toBe(true);
    expect(await remindOverdue({ tickets, relay, now, days: 2, t: t('vi') })).toBe(true);
    expect(await remindOverdue({ tickets, relay, now: at('2026-11-30T09:00:00Z'), days: 2, t: t('vi') })).toBe(true);
    const sent: string[] = [];
    queue.start({ senders: { staff: async (part) => void sent.push((part as { text: string }).text) }, onFailed: () => undefined });
    await queue.drained(5000);
    await queue.stop();
    expect(sent).toHaveLength(1); // the same day's reminder is delivered once
    expect(sent[0]).toContain('2 hồ sơ chưa được trả lời sau 2 ngày làm việc');
    expect(sent[0]).toContain('KK-2026-0001');
    expect(sent[0]).toContain('CH-2026-0001');
  });
});

describe('the overdue cutoff the staff queue sorts by', () => {
  it('puts exactly the tickets isOverdue calls overdue before it, weekends and Vietnam midnight included', () => {
    for (const nowText of ['2026-11-30T02:00:00Z', '2026-11-28T16:59:00Z', '2026-11-28T17:01:00Z', '2026-12-04T10:00:00Z']) {
      const now = new Date(nowText);
      for (const days of [1, 2, 3, 5]) {
        const cutoff = overdueCutoff(now, days);
        for (let hours = 0; hours < 24 * 20; hours += 1) {
          const createdAt = new Date(now.getTime() - hours * 3_600_000).toISOString();
          const ticket = { state: 'new', firstAnsweredAt: null, createdAt } as Ticket;
          expect(createdAt < cutoff, `${nowText} −${hours} h, ${days} days`).toBe(isOverdue(ticket, now, days));
        }
      }
    }
  });
});
