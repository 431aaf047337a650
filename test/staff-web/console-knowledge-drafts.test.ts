import { describe, expect, it } from 'vitest';
import { useConsoleApp } from './console-app.js';
import { formFields, problemAt } from './knowledge-page-form.js';

const EDIT = (id: string) => `/staff/knowledge/${id}/edit`;
/** The text of one channel's preview in one language. */
const phone = (html: string, channel: string, locale: string) => new RegExp(`<div class="kb-phone" lang="${locale}" data-channel="${channel}" data-locale="${locale}">([\\s\\S]*?)\\n    </div>\\n`).exec(html)?.[1] ?? '';
const unescaped = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe.each(['sqlite', 'redis'] as const)('drafts, new entries and the preview in the knowledge editor, on %s', (store) => {
  const ctx = useConsoleApp(store, [['ha', 'Lê Thu Hà', 'admin'], ['mai', 'Trần Thị Mai', 'editor'], ['tuan', 'Phạm Văn Tuấn', 'editor']]);
  const latestRev = async (id: string) => (await ctx.app.storage.content.document('entry', id))?.latestRev;

  it('previews the draft as members would get it on Telegram, Zalo and the web chat, in both languages, without saving it', async () => {
    const mai = await ctx.as('mai');
    const id = 'credit-fund-conditions';
    const before = await latestRev(id);
    const form = formFields((await mai.get(EDIT(id))).text, EDIT(id));
    const long = 'Chi tiết dài về điều kiện vay vốn của Quỹ. '.repeat(32).trim();
    const draft = { ...form, 'answer.vi': `HTX vay Quỹ cần phương án khả thi (bản xem trước).\n${long}`, 'answer.en': 'A cooperative needs a viable plan (preview draft).' };
    const page = await mai.post('/staff/knowledge/preview', draft);
    expect(page.status).toBe(200);
    for (const channel of ['telegram', 'zalo', 'web']) {
      expect(phone(page.text, channel, 'vi')).toContain('HTX vay Quỹ cần phương án khả thi (bản xem trước).');
      expect(phone(page.text, channel, 'en')).toContain('A cooperative needs a viable plan (preview draft).');
    }
    // Telegram and the web chat: buttons; Zalo: at most 5 numbered choices, the text split at 2,000 characters.
    expect(phone(page.text, 'telegram', 'vi')).toContain('<span class="kb-btn">👍 Hữu ích</span>');
    expect(phone(page.text, 'web', 'en')).toContain('<span class="kb-btn">👍 Helpful</span>');
    const zalo = phone(page.text, 'zalo', 'vi');
    expect(zalo).not.toContain('kb-btn');
    expect(zalo).toContain('Tin 1/2');
    expect(zalo).toContain('1. 👍 Hữu ích');
    expect(zalo).toContain('5. 🏠 Menu chính');
    expect(zalo).not.toMatch(/\n6\. /);
    for (const text of [...zalo.matchAll(/<p class="kb-msg-text">([\s\S]*?)<\/p>/g)].map((m) => unescaped(m[1]!))) expect([...text].length).toBeLessThanOrEqual(2000);
    expect(phone(page.text, 'telegram', 'vi')).not.toContain('Tin 1/2');
    // The form comes back with what was typed; nothing is stored, members still get the published answer.
    expect(formFields(page.text, EDIT(id))['answer.en']).toBe('A cooperative needs a viable plan (preview draft).');
    expect(await latestRev(id)).toBe(before);
    expect(await ctx.memberReads(id)).not.toContain('bản xem trước');

    // The same from htmx: only the preview, to swap in under the form.
    const htmx = await fetch(`${ctx.app.baseUrl}/staff/knowledge/preview`, {
      method: 'POST',
      headers: { cookie: [...mai.jar].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-csrf-token': form['_csrf']! },
      body: new URLSearchParams(draft),
    });
    const swapped = await htmx.text();
    expect(htmx.status).toBe(200);
    expect(swapped).not.toContain('<html');
    expect(phone(swapped, 'zalo', 'en')).toContain('A cooperative needs a viable plan (preview draft).');

    // A draft that is not valid: its problems instead of a preview.
    const invalid = await mai.post('/staff/knowledge/preview', { ...draft, 'sources.0.number': '' });
    expect(invalid.text).toContain('Chưa xem trước được: hãy sửa các chỗ sau.');
    expect(invalid.text).toContain('<a href="#kf-sources-0-number">Văn bản 1 — Số hiệu</a>');
    expect(problemAt(invalid.text, 'kf-sources-0-number')).toBe('Cần số hiệu văn bản như in trên văn bản, ví dụ 45/2021/NĐ-CP.');
    expect(invalid.text).not.toContain('data-channel="telegram"');
  });

  it('starts a new entry from the review queue’s questions and ticket, saves it as a draft, and an admin publishes it for members', async () => {
    const mai = await ctx.as('mai');
    const form = await mai.get(`/staff/knowledge/new?topic=credit&q=${encodeURIComponent('htx vay von mua may say o dau')}&q=${encodeURIComponent('vay tien mua may say nong san')}&answer=${encodeURIComponent('HTX có thể vay Quỹ để mua máy sấy.')}&ticket=CH-2026-0007`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Từ phiếu <a href="/staff/tickets/CH-2026-0007">CH-2026-0007</a>');
    const fields = formFields(form.text, '/staff/knowledge/new');
    expect(fields['topic']).toBe('credit');
    expect(fields['questions']).toBe('htx vay von mua may say o dau\nvay tien mua may say nong san');
    expect(fields['answer.vi']).toBe('HTX có thể vay Quỹ để mua máy sấy.');
    expect(fields['note']).toBe('Từ phiếu CH-2026-0007');
    expect(fields['basedOn']).toBe('0');

    const entry = {
      ...fields,
      id: 'credit-drying-machine-loan',
      'title.vi': 'Vay vốn mua máy sấy nông sản',
      'title.en': 'Borrowing to buy a crop dryer',
      'answer.en': 'A cooperative can borrow from the Fund to buy a dryer.',
      'eligibility.vi': 'HTX có phương án sản xuất khả thi.',
      'eligibility.en': 'Cooperatives with a viable production plan.',
      'howToApply.vi': 'Nộp hồ sơ vay tại Quỹ hỗ trợ phát triển HTX tỉnh.',
      'howToApply.en': 'Apply at the provincial cooperative fund.',
      questions: `${fields['questions']}\nHTX muốn mua máy sấy thì vay ở đâu?`,
      'sources.0.kind': 'decree',
      'sources.0.number': '45/2021/NĐ-CP',
      'sources.0.title': 'Nghị định về Quỹ hỗ trợ phát triển hợp tác xã',
      'sources.0.issued': '2021-03-31',
      'sources.0.effective': '2021-05-15',
      'sources.0.status': 'in-force',
      reviewed: '2026-11-20',
      related: 'credit-fund-conditions, credit-overview',
    };
    // The id of an existing entry is refused at the id.
    const taken = await mai.post('/staff/knowledge/new', { ...entry, id: 'credit-fund-apply' });
    expect(taken.status).toBe(409);
    expect(problemAt(taken.text, 'kf-id')).toBe('Đã có mục mã credit-fund-apply: hãy chọn mã khác, hoặc sửa mục đó.');
    expect(formFields(taken.text, '/staff/knowledge/new')['title.vi']).toBe('Vay vốn mua máy sấy nông sản');

    const saved = await mai.post('/staff/knowledge/new', entry);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/staff/knowledge/credit-drying-machine-loan?done=saved&saved=1&rev=1');
    const page = await mai.get(saved.location!);
    expect(page.text).toContain('Chưa có bản nào được xuất bản');
    expect(page.text).toContain('Từ phiếu CH-2026-0007');
    expect(await ctx.memberReads('credit-drying-machine-loan')).toContain('Nội dung này không còn');
    const listed = await mai.get('/staff/knowledge?q=may+say');
    expect(listed.text).toContain('Bản nháp, chưa xuất bản');

    const ha = await ctx.as('ha');
    expect((await ha.post('/staff/knowledge/credit-drying-machine-loan/publish', { rev: '1' })).status).toBe(303);
    expect(await ctx.memberReads('credit-drying-machine-loan')).toContain('HTX có thể vay Quỹ để mua máy sấy.');
    const stored = (await ctx.app.storage.content.revision('entry', 'credit-drying-machine-loan', 1))!.body as { related: string[]; questions: string[] };
    expect(stored.related).toEqual(['credit-fund-conditions', 'credit-overview']);
    expect(stored.questions).toHaveLength(3);
  });

  it('adds and removes sources by a round trip that keeps every typed value and saves nothing', async () => {
    const mai = await ctx.as('mai');
    const id = 'credit-overview';
    const before = await latestRev(id);
    const fields = formFields((await mai.get(EDIT(id))).text, EDIT(id));
    const count = Object.keys(fields).filter((k) => /^sources\.\d+\.number$/.test(k)).length;
    const added = await mai.post(EDIT(id), { ...fields, 'title.vi': 'Tiêu đề đang sửa', _action: 'add-source' });
    expect(added.status).toBe(200);
    const withNew = formFields(added.text, EDIT(id));
    expect(withNew['title.vi']).toBe('Tiêu đề đang sửa');
    expect(withNew[`sources.${count}.number`]).toBe('');
    expect(withNew['sources.0.number']).toBe(fields['sources.0.number']);

    const removed = await mai.post(EDIT(id), { ...withNew, _action: 'remove-source:0' });
    const without = formFields(removed.text, EDIT(id));
    expect(without['sources.0.number']).toBe(fields['sources.1.number']);
    expect(without[`sources.${count}.number`]).toBeUndefined();
    expect(without['title.vi']).toBe('Tiêu đề đang sửa');
    expect(await latestRev(id)).toBe(before);

    // Saved, the blank source is left out.
    const saved = await mai.post(EDIT(id), { ...without, note: 'Bỏ văn bản đầu' });
    expect(saved.status).toBe(303);
    const body = (await ctx.app.storage.content.revision('entry', id, before! + 1))!.body as { sources: Array<{ number: string }> };
    expect(body.sources.map((s) => s.number)).toEqual(Object.keys(fields).filter((k) => /^sources\.\d+\.number$/.test(k)).slice(1).map((k) => fields[k]));
  });

  it('tells the second of two editors that someone saved a newer revision, keeps their text, and links to it', async () => {
    const mai = await ctx.as('mai');
    const tuan = await ctx.as('tuan');
    const id = 'credit-fund-collateral';
    const maiForm = formFields((await mai.get(EDIT(id))).text, EDIT(id));
    const tuanForm = formFields((await tuan.get(EDIT(id))).text, EDIT(id));
    expect((await mai.post(EDIT(id), { ...maiForm, 'answer.en': 'Mai’s change.' })).status).toBe(303);
    const late = await tuan.post(EDIT(id), { ...tuanForm, 'answer.en': 'Tuấn’s change.' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Chưa lưu: có người đã lưu một bản mới hơn trong lúc bạn sửa.');
    // In a new tab: the text kept here is not lost by looking.
    expect(late.text).toContain(`<a href="/staff/knowledge/${id}" target="_blank" rel="noopener">Xem bản mới<span class="visually-hidden"> (mở trong thẻ mới)</span></a>`);
    expect(formFields(late.text, EDIT(id))['answer.en']).toBe('Tuấn’s change.');
  });

  it('lets only an admin retire an entry no other links to (members no longer get it, its history stays) and bring it back by publishing', async () => {
    const mai = await ctx.as('mai');
    const ha = await ctx.as('ha');
    const id = 'credit-social-policy-bank';
    expect((await mai.get(`/staff/knowledge/${id}`)).text).not.toContain('Ngừng dùng mục này');
    const refused = await mai.post(`/staff/knowledge/${id}/retire`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Tài khoản của bạn không được làm việc này.');

    // An entry others link to is not retired: the page names them.
    const linked = await ha.post('/staff/knowledge/credit-fund-conditions/retire', { confirmed: '1' });
    expect(linked.status).toBe(409);
    expect(linked.text).toContain('Chưa ngừng dùng được: các mục sau còn dẫn tới mục này');
    expect(linked.text).toContain('<li><a href="/staff/knowledge/credit-fund-apply">credit-fund-apply</a></li>');
    expect((await ctx.app.storage.content.document('entry', 'credit-fund-conditions'))!.retired).toBe(false);

    const retired = await ha.post(`/staff/knowledge/${id}/retire`, { confirmed: '1' });
    expect(retired.status).toBe(303);
    const page = await ha.get(retired.location!);
    expect(page.text).toContain('Đã ngừng dùng mục này. Lịch sử vẫn được giữ.');
    expect(page.text).toContain('<span class="badge kb-retired">Đã ngừng dùng</span>');
    expect(await ctx.memberReads(id)).toContain('Nội dung này không còn');
    const rev = await latestRev(id);
    expect(page.text).toContain(`Xuất bản lại bản ${rev}`);
    expect((await ha.post(`/staff/knowledge/${id}/publish`, { rev: String(rev) })).status).toBe(303);
    expect(await ctx.memberReads(id)).not.toContain('Nội dung này không còn');
  });
});
