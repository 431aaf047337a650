import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import type { InboundMessage } from '../../src/conversation/inbound.js';
import type { EngineDeps } from '../../src/conversation/ports.js';
import { newSession, type Session } from '../../src/conversation/session.js';
import { ProfileService } from '../../src/profile/profile-service.js';
import { sqliteProfiles } from '../../src/profile/sqlite-profiles.js';
import { engineDeps } from '../support/fixtures.js';

/** A member talking to the core, with profiles kept in an in-memory database. */
function member(id = 'zalo:farmer') {
  const deps: EngineDeps = { ...engineDeps(), profiles: new ProfileService(sqliteProfiles(new Database(':memory:'))) };
  let session: Session = newSession();
  const turn = async (msg: InboundMessage) => {
    const out = await handle(msg, session, deps);
    session = out.session;
    return { text: out.replies.map((r) => r.text).join('\n\n'), choices: out.replies.flatMap((r) => r.choices ?? []).map((c) => c.label) };
  };
  return {
    say: (text: string) => turn({ conversationId: id, kind: 'text', text }),
    pick: (choiceId: string) => turn({ conversationId: id, kind: 'choice', choiceId }),
  };
}

/** A member who agreed to a profile with a phone and a role. */
async function withProfile() {
  const m = member();
  await m.pick('profile:consent');
  await m.pick('profile:edit:phone');
  await m.say('0912 345 678');
  await m.pick('profile:edit:role');
  await m.pick('profile:role:manager');
  return m;
}

describe('the personal profile, as members read it', () => {
  it('is called "Thông tin cá nhân", not "hồ sơ" (which are their tickets), and typing "hồ sơ" still opens it', async () => {
    const m = member();
    const asked = await m.say('ho so');
    expect(asked.text).toContain('Trợ lý có thể lưu thông tin cá nhân của bạn');
    expect(asked.text).not.toMatch(/hồ sơ/i);
    const shown = await m.pick('profile:consent');
    expect(shown.text).toContain('Thông tin cá nhân của bạn (đồng ý lưu ngày');
    expect(shown.choices).toContain('🗑️ Xóa thông tin cá nhân');
    expect((await m.say('tai khoan')).choices).toContain('👤 Thông tin cá nhân');
    expect((await m.say('/mydata')).text).toContain('Thông tin cá nhân (đồng ý lưu ngày');
    expect((await m.pick('help')).text).toContain('/profile thông tin cá nhân');
    await m.pick('profile:erase');
    expect((await m.pick('profile:erase:yes')).text).toContain('Đã xóa thông tin cá nhân của bạn.');
  });

  it('asks the role as a question, and shows the phone as "0912 345 678" (stored as +84…)', async () => {
    const m = member();
    await m.pick('profile:consent');
    expect((await m.pick('profile:edit:role')).text).toContain('Vai trò của bạn trong HTX là gì?');
    await m.pick('profile:edit:phone');
    const saved = await m.say('0912345678');
    expect(saved.text).toContain('Số điện thoại: 0912 345 678');
    expect(saved.text).not.toContain('+84');
    expect((await m.say('/mydata')).text).toContain('Số điện thoại: 0912 345 678');
  });
});

describe('a form pre-filled from the profile', () => {
  it('asks the role as a question and lists the kept role once; the phone is shown as members write it, in the question and the summary', async () => {
    const m = await withProfile();
    await m.pick('form:start:difficulty');
    const role = await m.say('HTX Nấm Việt Yên');
    expect(role.text).toContain('Vai trò của bạn trong HTX là gì?');
    expect(role.text).toContain('Theo thông tin cá nhân của bạn: Quản lý HTX.');
    expect(role.choices.filter((c) => c.includes('Quản lý HTX'))).toEqual(['✔️ Giữ: Quản lý HTX']);
    expect(role.choices).toEqual(expect.arrayContaining(['Thành viên HTX', 'Khác']));
    await m.pick('form:prefill');
    await m.say('xa tan yen');
    await m.pick('form:opt:credit');
    await m.say('Ngân hàng chưa giải ngân khoản vay thu mua vải');
    await m.pick('form:opt:normal');
    const phone = await m.pick('form:skip');
    expect(phone.text).toContain('Theo thông tin cá nhân của bạn: 0912 345 678.');
    expect(phone.choices).toContain('✔️ Giữ: 0912 345 678');
    await m.pick('form:prefill');
    const summary = await m.pick('form:opt:yes');
    expect(summary.text).toContain('• Số điện thoại: 0912 345 678');
    expect(summary.text).not.toContain('+84');
  });

  it('cuts a long commune that is not on the list to 40 characters with "…" on its keep button', async () => {
    const m = member();
    await m.pick('form:start:difficulty');
    await m.say('HTX Nấm Việt Yên');
    await m.pick('form:opt:manager');
    const long = 'Thôn Đồng Cao Xa Lắc Xa Lơ Ở Đâu Đó Không Ai Biết';
    const keep = (await m.say(long)).choices.find((c) => c.startsWith('Giữ nguyên'));
    expect(keep).toBe(`Giữ nguyên "${[...long].slice(0, 40).join('')}…"`);
  });
});
