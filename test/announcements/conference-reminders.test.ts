import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reminderKey, remindConferenceDeadlines } from '../../src/announcements/conference-reminders.js';
import type { Conference } from '../../src/conversation/forms/form-definition.js';
import { createSqliteOutbox } from '../../src/delivery/sqlite-outbox.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { sqliteSubscriptions } from '../../src/subscriptions/sqlite-subscriptions.js';
import { localesDir } from '../support/fixtures.js';

const conference = (id: string, deadline: string): Conference => ({ id, name: { vi: `Hội nghị ${id}`, en: `Conference ${id}` }, date: '2026-12-20', place: { vi: 'Bắc Ninh', en: 'Bắc Ninh' }, deadline });

describe('conference reminders', () => {
  it('reminds dialogue subscribers 7 days and 1 day before the deadline (Vietnam days), once per conference and day however often it runs', async () => {
    const db = new Database(':memory:');
    const subscriptions = sqliteSubscriptions(db);
    const queue = createSqliteOutbox(db);
    const consent = { commune: null, consentAt: '2026-11-30T00:00:00.000Z' };
    await subscriptions.save({ memberId: 'telegram:1', topics: ['dialogue'], locale: 'vi', ...consent });
    await subscriptions.save({ memberId: 'zalo:2', topics: ['credit', 'dialogue'], locale: 'en', ...consent });
    await subscriptions.save({ memberId: 'web:3', topics: ['credit'], locale: 'vi', ...consent });
    const deps = { subscriptions, queue, translator: createTranslator(localesDir) };
    // 17:30 UTC on 1 December is already 2 December in Vietnam: 7 days before the 9th, 1 day before the 3rd.
    const now = new Date('2026-12-01T17:30:00Z');
    const conferences = [conference('hn-a', '2026-12-09'), conference('hn-b', '2026-12-03'), conference('hn-c', '2026-12-05')];
    expect(await remindConferenceDeadlines(deps, conferences, now)).toBe(4);
    expect(await queue.stats()).toMatchObject({ pending: 4 });
    await remindConferenceDeadlines(deps, conferences, new Date('2026-12-02T09:00:00Z'));
    expect(await queue.stats()).toMatchObject({ pending: 4 });
    for (const member of ['telegram:1', 'zalo:2']) {
      expect(await queue.jobState(reminderKey('hn-a', 7, member))).toBe('pending');
      expect(await queue.jobState(reminderKey('hn-b', 1, member))).toBe('pending');
    }
    expect(await queue.jobState(reminderKey('hn-a', 7, 'web:3'))).toBeUndefined();
    const sent: Array<{ to: string; text: string }> = [];
    queue.start({ senders: { telegram: async (p) => void sent.push({ to: (p as { conversationId: string }).conversationId, text: (p as { reply: { text: string } }).reply.text }), zalo: async (p) => void sent.push({ to: (p as { conversationId: string }).conversationId, text: (p as { reply: { text: string } }).reply.text }) }, onFailed: () => undefined });
    await queue.drained(5000);
    await queue.stop();
    expect(sent.find((s) => s.to === 'telegram:1' && s.text.includes('Hội nghị hn-a'))!.text).toContain('Còn 7 ngày nữa là hết hạn gửi kiến nghị cho «Hội nghị hn-a» (hạn cuối 9/12/2026)');
    expect(sent.find((s) => s.to === 'zalo:2' && s.text.includes('hn-b'))!.text).toContain('1 day(s) left to send concerns for "Conference hn-b"');
    // On days without a reminder nothing is sent.
    expect(await remindConferenceDeadlines(deps, conferences, new Date('2026-12-05T03:00:00Z'))).toBe(0);
  });
});
