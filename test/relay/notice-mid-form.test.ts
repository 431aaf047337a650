import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConversationService } from '../../src/conversation/conversation-service.js';
import type { Reply } from '../../src/conversation/reply.js';
import { restoreSession } from '../../src/conversation/session.js';
import type { DeliveryJob } from '../../src/delivery/delivery-job.js';
import type { MemberPart } from '../../src/relay/payloads.js';
import { offeringChoices } from '../../src/relay/senders.js';
import { sqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { engineDeps } from '../support/fixtures.js';

/** A staff answer reaching a Zalo member who is halfway through a form. */
describe('a notice that arrives while the member fills in a form', () => {
  const storage = sqliteStorage(new Database(':memory:'));
  const conversations = new ConversationService({ engine: engineDeps(), sessions: storage.sessions });
  const id = 'zalo:mid-form';
  const zalo = { buttons: false, maxAnswerChoices: 5 } as const;
  const say = (text: string) => conversations.handle({ kind: 'text', text, conversationId: id, ...zalo });
  const sent: MemberPart[] = [];
  const send = offeringChoices(async (part) => void sent.push(part as MemberPart), (conversationId, choices) => conversations.offer(conversationId, choices), false);
  const notice: MemberPart = {
    conversationId: id,
    notice: true,
    reply: { text: '💬 Liên minh HTX tỉnh trả lời hồ sơ KK-2026-0001: …', choices: [{ id: 'followup:KK-2026-0001', label: 'Trả lời' }, { id: 'status:KK-2026-0001', label: 'Xem hồ sơ' }] },
    formOpenHint: '(Bạn đang điền dở một hồ sơ…)',
  };
  const job: DeliveryJob = { key: 'reply:KK-2026-0001:1', channel: 'zalo', parts: [notice] };

  it('is shown without numbers and leaves the form\'s choices, so "1" still answers the form', async () => {
    await say('bao kho khan');
    await say('HTX Đồng Tâm');
    const roleQuestion = (await say('ok')).at(-1) as Reply; // a choice step: the role
    const before = restoreSession(await storage.sessions.load(id)).choices;
    await send(notice, job, 0);
    expect(sent[0]!.reply.choices ?? []).toEqual([]);
    expect(sent[0]!.reply.text).toContain('(Bạn đang điền dở một hồ sơ…)');
    expect(restoreSession(await storage.sessions.load(id)).choices).toEqual(before);
    const next = await say('1');
    expect(next.at(-1)!.text).not.toBe(roleQuestion.text); // the form moved on to its next field
    expect(restoreSession(await storage.sessions.load(id)).form?.answers['role']).toBe('manager');
  });

  it('offers its choices as numbers when no form is open', async () => {
    await say('/cancel');
    await send(notice, job, 0);
    expect(sent.at(-1)!.reply.choices).toHaveLength(2);
    expect((await say('2')).at(-1)!.text).toContain('KK-2026-0001'); // "Xem hồ sơ"
  });
});
