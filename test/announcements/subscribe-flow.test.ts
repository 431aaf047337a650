import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import { newSession, type Session } from '../../src/conversation/session.js';
import { memberLimits, SUBSCRIPTION_CHANGES_PER_DAY } from '../../src/limits/member-limits.js';
import { sqliteCounters } from '../../src/storage/sqlite/sqlite-counters.js';
import { sqliteSubscriptions } from '../../src/subscriptions/sqlite-subscriptions.js';
import { engineDeps } from '../support/fixtures.js';

const limits = { messagesPerMinute: 100, ticketsPerDay: 2, followUpsPerHour: 2, webPerClientPerMinute: 30, webPerIpPerMinute: 120 };

function member(id: string) {
  const db = new Database(':memory:');
  const deps = { ...engineDeps(), limits: memberLimits(sqliteCounters(db), limits), subscriptions: sqliteSubscriptions(db) };
  let session: Session = newSession();
  return {
    deps,
    async say(step: string | { choice: string }, buttons = true) {
      const msg = (typeof step === 'string' ? { kind: 'text', text: step } : { kind: 'choice', choiceId: step.choice }) as InboundMessage;
      const out = await handle({ ...msg, conversationId: id, buttons } as InboundMessage, session, deps);
      session = out.session;
      return { text: out.replies.map((r) => r.text).join('\n'), choices: out.replies.at(-1)?.choices ?? [] };
    },
  };
}

describe('subscribing to announcements', () => {
  it('from the menu: topics ticked, the commune typed without diacritics, consent stored with its time; /mydata shows it', async () => {
    const m = member('telegram:501');
    const menu = await m.say('/menu');
    expect(menu.choices.map((c) => c.label)).toContain('🔔 Nhận tin');
    const topics = await m.say({ choice: 'sub' });
    expect(topics.text).toContain('Chọn các chủ đề');
    expect(topics.choices.find((c) => c.id === 'sub:t:credit')!.label).toBe('⬜ Tín dụng, vay vốn');
    const ticked = await m.say({ choice: 'sub:t:credit' });
    expect(ticked.choices.find((c) => c.id === 'sub:t:credit')!.label).toBe('✅ Tín dụng, vay vốn');
    await m.say({ choice: 'sub:t:dialogue' });
    expect((await m.say({ choice: 'sub:done' })).text).toContain('xã/phường nào');
    const consent = await m.say('xa tan yen');
    expect(consent.text).toContain('Tín dụng, vay vốn, Hội nghị đối thoại, kiến nghị (Xã Tân Yên)');
    expect(await m.deps.subscriptions.get('telegram:501')).toBeUndefined();
    expect((await m.say({ choice: 'sub:yes' })).text).toContain('Đã đăng ký nhận tin');
    expect(await m.deps.subscriptions.get('telegram:501')).toEqual({
      memberId: 'telegram:501',
      topics: ['credit', 'dialogue'],
      commune: 'Xã Tân Yên',
      locale: 'vi',
      consentAt: '2026-11-26T03:00:00.000Z',
    });
    expect((await m.say('/mydata')).text).toContain('Nhận tin: Tín dụng, vay vốn, Hội nghị đối thoại, kiến nghị (Xã Tân Yên), đồng ý ngày 26/11/2026.');
  });

  it('on Zalo by numbers and words: "nhan tin", all topics, any commune; "dung nhan tin" stops it', async () => {
    const m = member('zalo:abc');
    const topics = await m.say('nhan tin', false);
    const all = topics.choices.findIndex((c) => c.id === 'sub:all') + 1;
    await m.say(String(all), false);
    // At the commune step a number picks an offered choice ("1": any commune) instead of naming a commune.
    const any = await m.say('1', false);
    expect(any.text).toContain('Bạn đồng ý nhận thông báo');
    expect(any.text).toContain('(mọi xã/phường)');
    await m.say('1', false);
    expect((await m.deps.subscriptions.get('zalo:abc'))?.topics).toEqual(m.deps.knowledge.topics());
    expect((await m.say('dung nhan tin', false)).text).toContain('không nhận thông báo nữa');
    expect(await m.deps.subscriptions.get('zalo:abc')).toBeUndefined();
    expect((await m.say('/unsubscribe')).text).toContain('chưa đăng ký nhận tin');
  });

  it('says no without storing anything, and /forget erases a subscription', async () => {
    const m = member('web:forget');
    await m.say('/subscribe');
    await m.say({ choice: 'sub:all' });
    await m.say({ choice: 'sub:any' });
    expect((await m.say({ choice: 'sub:no' })).text).toContain('không có gì thay đổi');
    expect(await m.deps.subscriptions.get('web:forget')).toBeUndefined();
    await m.say('/subscribe');
    await m.say({ choice: 'sub:all' });
    await m.say({ choice: 'sub:any' });
    await m.say({ choice: 'sub:yes' });
    expect(await m.deps.subscriptions.get('web:forget')).toBeDefined();
    await m.say('/forget');
    await m.say({ choice: 'forget:yes' });
    expect(await m.deps.subscriptions.get('web:forget')).toBeUndefined();
  });

  it(`answers politely after ${SUBSCRIPTION_CHANGES_PER_DAY} saved subscriptions in a day, keeping the earlier one`, async () => {
    const m = member('telegram:busy');
    const subscribe = async (topic: string) => {
      await m.say('/subscribe');
      await m.say({ choice: `sub:t:${topic}` });
      await m.say({ choice: 'sub:done' });
      await m.say({ choice: 'sub:any' });
      return m.say({ choice: 'sub:yes' });
    };
    for (let i = 0; i < SUBSCRIPTION_CHANGES_PER_DAY; i++) await subscribe(i % 2 ? 'tax' : 'credit');
    const kept = await m.deps.subscriptions.get('telegram:busy');
    const refused = await subscribe('land');
    expect(refused.text).toContain(`đã lưu đăng ký nhận tin ${SUBSCRIPTION_CHANGES_PER_DAY} lần`);
    expect(await m.deps.subscriptions.get('telegram:busy')).toEqual(kept);
  });
});
