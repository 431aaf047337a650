import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import type { EngineDeps } from '../../src/conversation/ports.js';
import type { Reply } from '../../src/conversation/reply.js';
import { newSession, type Session } from '../../src/conversation/session.js';
import { IdentityService } from '../../src/identity/identity-service.js';
import { linkedTickets } from '../../src/identity/linked-tickets.js';
import { sqliteLinks } from '../../src/identity/sqlite-links.js';
import { ProfileService } from '../../src/profile/profile-service.js';
import { sqliteProfiles } from '../../src/profile/sqlite-profiles.js';
import { sqliteCounters } from '../../src/storage/sqlite/sqlite-counters.js';
import { engineDeps } from '../support/fixtures.js';
import { ticketDraft } from '../support/ticket-draft.js';

/** The core with linked identity and profiles on one in-memory database (its delivery outbox included). */
function world() {
  const db = new Database(':memory:');
  const base = engineDeps();
  let clock = base.now();
  const identity: IdentityService = new IdentityService({
    links: sqliteLinks(db),
    counters: sqliteCounters(db),
    translator: base.translator,
    now: () => clock,
    linked: (r) => profiles.join(r),
    dissolved: (m, rest) => profiles.dissolve(m, rest),
  });
  const profiles: ProfileService = new ProfileService(sqliteProfiles(db), identity);
  const deps: EngineDeps = { ...base, now: () => clock, identity, profiles, tickets: linkedTickets(base.tickets, identity) };
  /** What the outbox holds for a conversation (the notices told there). */
  const told = (conversationId: string): string[] =>
    db
      .prepare<[], { parts: string }>('SELECT parts FROM delivery_outbox ORDER BY id')
      .all()
      .flatMap((r) => JSON.parse(r.parts) as Array<{ conversationId: string; reply: Reply }>)
      .filter((p) => p.conversationId === conversationId)
      .map((p) => p.reply.text);
  return {
    deps,
    service: base.service,
    told,
    member: (id: string) => member(id, deps),
    /** A minute passes. */
    tick: () => (clock = new Date(clock.getTime() + 60_000)),
  };
}

function member(id: string, deps: EngineDeps) {
  let session: Session = newSession();
  const turn = async (msg: InboundMessage) => {
    const out = await handle(msg, session, deps);
    session = out.session;
    return { text: out.replies.map((r) => r.text).join('\n\n'), choices: out.replies.flatMap((r) => r.choices ?? []) };
  };
  return {
    id,
    say: (text: string) => turn({ conversationId: id, kind: 'text', text }),
    pick: (choiceId: string) => turn({ conversationId: id, kind: 'choice', choiceId }),
  };
}

async function link(a: ReturnType<typeof member>, b: ReturnType<typeof member>): Promise<string> {
  const code = /(\d{6})/.exec((await a.say('/link')).text)![1]!;
  return (await b.say(code)).text;
}

describe('linking and unlinking, as members read it', () => {
  it('names both Zalo channels "Zalo" and says the link in plain Vietnamese', async () => {
    const w = world();
    const [oa, tg] = [w.member('zalo-oa:oa-user-4'), w.member('telegram:5504')];
    expect(await link(oa, tg)).toContain('Đã liên kết. Từ nay bạn dùng chung một tài khoản trên Telegram và Zalo.');
    expect(w.told(oa.id).join('\n')).toContain('Kênh này đã được liên kết với Telegram của bạn');
  });

  it('tells Zalo OA apart as the official account only for a member who has both Zalo channels', async () => {
    const w = world();
    const [zalo, oa, tg] = [w.member('zalo:abc'), w.member('zalo-oa:oa-user-4'), w.member('telegram:5504')];
    await link(tg, zalo);
    expect(await link(tg, oa)).toContain('Từ nay bạn dùng chung một tài khoản trên Zalo (tài khoản chính thức), Telegram và Zalo.');
    expect((await tg.say('/mydata')).text).toContain('Liên kết với: Zalo (tài khoản chính thức) và Zalo.');
  });

  it('/mydata names channels and the language, never conversation ids, and shows the phone as members write it', async () => {
    const w = world();
    const [oa, tg] = [w.member('zalo-oa:oa-user-4'), w.member('telegram:5504')];
    await w.service.file(ticketDraft({ memberId: oa.id, phone: '+84912345678', consentToContact: true }));
    await link(oa, tg);
    const before = (await tg.say('/mydata')).text;
    expect(before).toContain('Dữ liệu Trợ lý HTX lưu về bạn (kênh Telegram):');
    expect(before).toContain('Ngôn ngữ: chưa chọn');
    expect(before).toContain('Liên kết với: Zalo.');
    expect(before).toContain('  0912 345 678');
    expect(before).not.toMatch(/zalo-oa:|telegram:|\+84/);
    await tg.pick('lang:en');
    const english = (await tg.say('/mydata')).text;
    expect(english).toContain('What Trợ lý HTX keeps about you (channel: Telegram):');
    expect(english).toContain('Language: English');
    expect(english).toContain('Linked with: Zalo.');
  });

  it('/unlink tells the other channel through the outbox, once, and names channels in the order its question did', async () => {
    const w = world();
    const [zalo, tg, web] = [w.member('zalo:abc'), w.member('telegram:5504'), w.member('web:w1')];
    await link(tg, zalo);
    await link(tg, web);
    // Zalo wrote last: named first.
    w.tick();
    await zalo.say('xin chao');
    const asked = (await tg.say('/unlink')).text;
    expect(asked).toContain('Hủy liên kết kênh này với: Zalo và trò chuyện trên web?');
    expect((await tg.pick('unlink:yes')).text).toContain('Đã hủy liên kết với: Zalo và trò chuyện trên web.');
    for (const other of [zalo, web]) {
      const notices = w.told(other.id).filter((t) => t.includes('không còn liên kết'));
      expect(notices).toEqual(['✂️ Kênh này không còn liên kết với Telegram của bạn: từ nay hai kênh là hai người dùng riêng. Muốn liên kết lại, hãy gõ /link.']);
    }
    expect(w.told(tg.id).filter((t) => t.includes('không còn liên kết'))).toEqual([]);
  });
});

describe('codes', () => {
  it('a bare six-digit number from a member who is not linking is answered for both cases, with the menu, and still counted', async () => {
    const w = world();
    const m = w.member('zalo:farmer');
    const first = await m.say('250000');
    expect(first.text).toContain('Nếu bạn đang liên kết kênh: mã 250000 không đúng hoặc đã hết hạn.');
    expect(first.text).toContain('còn 4 lần thử');
    expect(first.text).toContain('Nếu không, hãy chọn một mục dưới đây hoặc gõ câu hỏi của bạn.');
    expect(first.choices.map((c) => c.id)).toContain('form:start:difficulty');
    for (let i = 1; i < 5; i++) await m.say(`25000${i}`);
    expect((await m.say('250009')).text).toContain('Nếu bạn đang liên kết kênh: mã liên kết đã bị nhập sai quá nhiều lần');
  });

  it('a second /link says the first code no longer works; the first /link does not', async () => {
    const w = world();
    const m = w.member('telegram:1');
    expect((await m.say('/link')).text).not.toContain('Mã trước không còn dùng được');
    expect((await m.say('/link')).text).toContain('Mã trước không còn dùng được');
  });
});
