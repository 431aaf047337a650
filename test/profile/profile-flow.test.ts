import { describe, expect, it } from 'vitest';
import { appOn } from '../support/start-test-app.js';
import { webClient, type ChatAnswer } from '../e2e/web-helpers.js';

type Client = ReturnType<typeof webClient>;
const text = (a: ChatAnswer) => a.replies.map((r) => r.text).join('\n\n');
const choices = (a: ChatAnswer) => a.replies.flatMap((r) => r.choices ?? []);
const say = (c: Client, t: string) => c.chat({ text: t });
const pick = (c: Client, id: string) => c.chat({ choice: id });

describe.each(['sqlite', 'redis'] as const)('a member profile on the web chat (%s)', (store) => {
  const ctx = appOn(store);

  it('is kept only after consent, changed field by field with the phone checked, and never logged', async () => {
    const m = webClient(ctx.app.baseUrl);
    const asked = await say(m, 'ho so');
    expect(text(asked)).toContain('Bạn đồng ý để trợ lý lưu thông tin cá nhân của bạn?');
    expect(await ctx.app.storage.profiles.get(`web:${m.clientId}`)).toBeUndefined();
    expect(text(await pick(m, 'profile:consent'))).toContain('Thông tin cá nhân của bạn (đồng ý lưu ngày');
    await pick(m, 'profile:edit:phone');
    expect(text(await say(m, '12345'))).toContain('Số điện thoại chưa đúng');
    expect(text(await say(m, '0912 345 678'))).toContain('Số điện thoại: 0912 345 678');
    await pick(m, 'profile:edit:cooperative');
    expect(text(await say(m, 'HTX Nấm Việt Yên'))).toContain('HTX: HTX Nấm Việt Yên');
    await pick(m, 'profile:edit:commune');
    expect(text(await say(m, 'xa tan yen'))).toContain('Xã/phường: Xã Tân Yên');
    await pick(m, 'profile:edit:role');
    const shown = text(await pick(m, 'profile:role:manager'));
    expect(shown).toContain('Vai trò: Quản lý HTX');
    expect(shown).toContain('Họ tên: (không có)');
    expect(ctx.app.logs.join('\n')).not.toMatch(/912345678|912 345 678/);
  });

  it('pre-fills the difficulty form: each value shown to keep or change; the changed answers saved to the profile when the member agrees', async () => {
    const m = webClient(ctx.app.baseUrl);
    await say(m, '/profile');
    await pick(m, 'profile:consent');
    await pick(m, 'profile:edit:cooperative');
    await say(m, 'HTX Vải thiều Lục Ngạn');
    await pick(m, 'profile:edit:phone');
    await say(m, '0987654321');

    const cooperative = await say(m, '/khokhan');
    expect(text(cooperative)).toContain('Theo thông tin cá nhân của bạn: HTX Vải thiều Lục Ngạn');
    expect(choices(cooperative)[0]).toEqual({ id: 'form:prefill', label: '✔️ Giữ: HTX Vải thiều Lục Ngạn' });
    await pick(m, 'form:prefill');
    await pick(m, 'form:opt:member');
    await say(m, 'xa tan yen');
    await pick(m, 'form:opt:credit');
    await say(m, 'Ngân hàng chưa giải ngân khoản vay thu mua vải');
    await pick(m, 'form:opt:normal');
    const phone = await pick(m, 'form:skip');
    expect(text(phone)).toContain('Theo thông tin cá nhân của bạn: 0987 654 321');
    // "giữ" typed keeps it, like the button.
    await say(m, 'giữ');
    const summary = text(await pick(m, 'form:opt:yes'));
    expect(summary).toContain('HTX Vải thiều Lục Ngạn');
    expect(summary).toContain('0987 654 321');
    const filed = await pick(m, 'form:confirm');
    expect(text(filed)).toContain('Mã hồ sơ: KK-2026-');
    const ticket = (await ctx.app.tickets.listOfMember(`web:${m.clientId}`))[0]!;
    expect(ticket).toMatchObject({ cooperative: 'HTX Vải thiều Lục Ngạn', phone: '+84987654321', role: 'member', commune: 'Xã Tân Yên' });
    // The role and commune were new: offered to be saved, and saved with one tap.
    expect(choices(filed).map((c) => c.id)).toContain('profile:save-form');
    const saved = text(await pick(m, 'profile:save-form'));
    expect(saved).toContain('Vai trò: Thành viên HTX');
    expect(saved).toContain('Xã/phường: Xã Tân Yên');
    expect(saved).toContain('HTX: HTX Vải thiều Lục Ngạn');
  });

  it('offers a member without a profile to save a form\'s answers, which is their consent', async () => {
    const m = webClient(ctx.app.baseUrl);
    await say(m, '/khokhan');
    for (const step of ['HTX Rau sạch Yên Dũng']) expect(text(await say(m, step))).not.toContain('Theo thông tin cá nhân');
    await pick(m, 'form:opt:manager');
    await say(m, 'xa tan yen');
    await pick(m, 'form:opt:tax');
    await say(m, 'Chưa rõ thủ tục miễn thuế thu nhập doanh nghiệp');
    await pick(m, 'form:opt:urgent');
    await pick(m, 'form:skip');
    await pick(m, 'form:skip');
    await pick(m, 'form:opt:no');
    const filed = await pick(m, 'form:confirm');
    expect(choices(filed)).toContainEqual({ id: 'profile:save-form', label: '💾 Lưu vào thông tin cá nhân để lần sau điền sẵn' });
    expect(await ctx.app.storage.profiles.get(`web:${m.clientId}`)).toBeUndefined();
    expect(text(await pick(m, 'profile:save-form'))).toContain('HTX: HTX Rau sạch Yên Dũng');
    expect((await ctx.app.storage.profiles.get(`web:${m.clientId}`))?.consentAt).toBeDefined();
  });

  it('stays with the conversation left when the other unlinks, and is not kept where nobody can reach it', async () => {
    const [a, b] = [webClient(ctx.app.baseUrl), webClient(ctx.app.baseUrl)];
    await say(a, '/profile');
    await pick(a, 'profile:consent');
    await pick(a, 'profile:edit:name');
    await say(a, 'Lê Văn Dũng');
    const code = /(\d{6})/.exec(text(await say(a, '/link')))![1]!;
    await say(b, code);
    const member = (await ctx.app.storage.links.links(`web:${a.clientId}`)).memberId!;
    expect(await ctx.app.storage.profiles.get(member)).toMatchObject({ name: 'Lê Văn Dũng' });
    await pick(b, 'unlink:yes');
    expect(text(await say(a, '/profile'))).toContain('Họ tên: Lê Văn Dũng');
    expect(text(await say(b, '/profile'))).toContain('Bạn đồng ý để trợ lý lưu thông tin cá nhân của bạn?');
    expect(await ctx.app.storage.profiles.get(member)).toBeUndefined();
  });

  it('is one profile for linked conversations: seen and erased from either, and /forget erases it', async () => {
    const [a, b] = [webClient(ctx.app.baseUrl), webClient(ctx.app.baseUrl)];
    await say(a, '/profile');
    await pick(a, 'profile:consent');
    await pick(a, 'profile:edit:name');
    await say(a, 'Nguyễn Thị Bình');
    // b had a profile of its own: joined, a's fields first.
    await say(b, '/profile');
    await pick(b, 'profile:consent');
    await pick(b, 'profile:edit:phone');
    await say(b, '0912345678');
    const code = /(\d{6})/.exec(text(await say(a, '/link')))![1]!;
    expect(text(await say(b, code))).toContain('Đã liên kết');
    const onB = text(await say(b, '/profile'));
    expect(onB).toContain('Họ tên: Nguyễn Thị Bình');
    expect(onB).toContain('Số điện thoại: 0912 345 678');
    expect(text(await say(a, '/mydata'))).toContain('Họ tên: Nguyễn Thị Bình');
    await pick(b, 'profile:erase');
    expect(text(await pick(b, 'profile:erase:yes'))).toContain('Đã xóa thông tin cá nhân của bạn');
    expect(text(await say(a, '/profile'))).toContain('Bạn đồng ý để trợ lý lưu thông tin cá nhân của bạn?');
    await pick(a, 'profile:consent');
    await pick(a, 'forget:yes');
    expect(await ctx.app.storage.profiles.get(`web:${a.clientId}`)).toBeUndefined();
    expect(text(await say(b, '/profile'))).toContain('Bạn đồng ý để trợ lý lưu thông tin cá nhân của bạn?');
  });
});
