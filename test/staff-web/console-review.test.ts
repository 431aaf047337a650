import { beforeAll, describe, expect, it } from 'vitest';
import type { EntryBody } from '../../src/content/content-kinds.js';
import { vietnamDay } from '../../src/time/vietnam-time.js';
import type { TestApp } from '../support/start-test-app.js';
import { ticketDraft } from '../support/ticket-draft.js';
import { useConsoleApp } from './console-app.js';
import { entryBody, inForce, publishEntry, replaced } from './review/entry-body.js';

/** A day counted back from today in Vietnam, as YYYY-MM-DD. */
const daysAgo = (days: number) => vietnamDay(new Date(Date.now() - days * 86_400_000)).day;
/** The HTML of one section of the review page. */
const section = (html: string, id: string) => new RegExp(`<section aria-labelledby="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
/** eta escapes text and attributes: read them back. */
const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** The question group on the page whose questions include `text`. */
const groupWith = (html: string, text: string) => [...html.matchAll(/<li class="card question-group"[\s\S]*?<\/li>\s*(?=<li class="card question-group"|<\/ol>)/g)].map((m) => m[0]).find((g) => g.includes(text)) ?? '';
const hrefOf = (html: string, label: string) => unescape(new RegExp(`<a class="button" href="([^"]+)">${label}</a>`).exec(html)?.[1] ?? '');

const FERTILISER = ['Giá phân bón hôm nay bao nhiêu?', 'gia phan bon hom nay the nao', 'GIÁ PHÂN BÓN HÔM NAY ra sao ạ'];
const HARVESTER = ['Vay vốn mua máy gặt đập liên hợp', 'vay von mua may gat dap lien hop', 'vay vốn mua máy gặt lúa'];

describe.each(['sqlite', 'redis'] as const)('the review queue in the staff console, on %s', (store) => {
  const ctx = useConsoleApp(store, [
    ['ha', 'Lê Thu Hà', 'admin'],
    ['minh', 'Đỗ Văn Minh', 'editor'],
    ['lan', 'Nguyễn Thị Lan', 'staff'],
  ]);
  const as = (login: string) => ctx.as(login);
  let app: TestApp;
  const publish = (body: EntryBody) => publishEntry(app.content, body);

  beforeAll(async () => {
    app = ctx.app;
    await publish(entryBody('credit', 'review-overdue', { reviewed: daysAgo(200) }));
    await publish(entryBody('tax', 'review-old-basis', { reviewed: daysAgo(10), sources: [inForce('991/2020/NĐ-CP')] }));
    await publish(entryBody('tax', 'review-new-basis', { reviewed: daysAgo(10), sources: [inForce('15/2026/NĐ-CP'), replaced('991/2020/NĐ-CP', '15/2026/NĐ-CP')] }));
    // Answered until a day to come, though its main basis is already replaced.
    await publish(entryBody('tax', 'review-main-replaced', { reviewed: daysAgo(10), sources: [replaced('77/2019/NĐ-CP', '15/2026/NĐ-CP')], period: { to: daysAgo(-90) } }));
    await publish(entryBody('land', 'review-rising', { reviewed: daysAgo(10) }));
    await publish(entryBody('market', 'review-fertiliser', { reviewed: daysAgo(10) }));
    // 👎 by two members today: more than none before.
    await app.storage.insights.recordFeedback('land-review-rising', false, 'thuê đất', 'member-1');
    await app.storage.insights.recordFeedback('land-review-rising', false, null, 'member-2');
    await app.storage.insights.recordFeedback('market-review-fertiliser', false, null, 'member-1');
    for (const [i, q] of FERTILISER.entries()) await app.storage.insights.recordUnanswered(q, i === 0 ? 'none' : 'unsure', i === 0 ? 'market' : null, `asker-${i}`);
    await app.storage.insights.recordUnanswered('HTX nuôi ong cần giấy phép gì', 'none', null, 'asker-9');
    // Entries of one topic offered for each: a sure guess.
    for (const [i, q] of HARVESTER.entries()) await app.storage.insights.recordUnanswered(q, 'unsure', 'credit', `asker-h${i}`);
  });

  it('shows an editor the overdue entry, the entries resting on a replaced document, the rising 👎 and one group for three spellings of a question', async () => {
    const minh = await as('minh');
    const page = await minh.get('/staff/review');
    expect(page.status).toBe(200);
    expect(page.text).toContain('href="/staff/review" aria-current="page"');

    const overdue = section(page.text, 'overdue');
    expect(overdue).toContain('<a href="/staff/knowledge/credit-review-overdue">Mục thử review-overdue</a>');
    expect(overdue).toMatch(new RegExp(`<time datetime="${daysAgo(200)}">[\\s\\S]*?data-label="Số ngày">200<`));
    expect(overdue).not.toContain('tax-review-old-basis');

    const stale = section(page.text, 'replaced');
    expect(stale).toContain('href="/staff/knowledge/tax-review-old-basis"');
    // The entry that records the replacement itself (its old document marked replaced, citing the new) is fine.
    expect(stale).not.toContain('href="/staff/knowledge/tax-review-new-basis"');
    expect(stale).toContain('href="/staff/knowledge/tax-review-main-replaced"');
    expect(stale).toContain('77/2019/NĐ-CP — đã được thay bằng 15/2026/NĐ-CP <span class="hint">(văn bản chính của mục này)</span>');
    const oldRow = /<tr>[\s\S]*?tax-review-old-basis[\s\S]*?<\/tr>/.exec(stale)![0];
    expect(oldRow).toContain('991/2020/NĐ-CP — đã được thay bằng 15/2026/NĐ-CP');
    expect(oldRow).toContain('(ghi ở mục: tax-review-new-basis)');
    expect(stale).not.toContain('land-review-rising');

    const rising = section(page.text, 'rising');
    expect(rising).toMatch(/land-review-rising<\/span><\/td>\s*<td data-label="👎 trong 30 ngày qua">2<\/td>\s*<td data-label="👎 30 ngày trước đó">0<\/td>/);
    expect(rising).not.toContain('market-review-fertiliser');

    const questions = section(page.text, 'questions');
    const group = groupWith(questions, 'ra sao ạ');
    expect(group).toContain('3 lần hỏi');
    for (const q of FERTILISER) expect(group).toContain(`<li>${q}</li>`);
    expect(group).not.toContain('nuôi ong');
    expect(groupWith(questions, 'nuôi ong')).toContain('1 lần hỏi');
    // The assistant found nothing for one of them: its guess of a topic is not offered, the editor chooses.
    expect(group).not.toContain('Thị trường');
    const newEntry = new URL(hrefOf(group, 'Trả lời bằng mục mới'), app.baseUrl);
    expect(newEntry.pathname).toBe('/staff/knowledge/new');
    expect(newEntry.searchParams.has('topic')).toBe(false);
    expect(newEntry.searchParams.getAll('q').sort()).toEqual([...FERTILISER].sort());
    // Entries of one topic were offered for every question: that topic comes chosen, with each wording
    // once (the first two are the same words with and without diacritics).
    const harvester = groupWith(questions, 'máy gặt');
    expect(harvester).toContain('3 lần hỏi');
    expect(harvester).toContain('Tín dụng');
    const sure = new URL(hrefOf(harvester, 'Trả lời bằng mục mới'), app.baseUrl);
    expect(sure.searchParams.get('topic')).toBe('credit');
    expect(sure.searchParams.getAll('q').sort()).toEqual([HARVESTER[0], HARVESTER[2]].sort());
  });

  it('adds a group’s questions to a chosen entry as a draft under the editor’s name, leaving the published entry as it was', async () => {
    const minh = await as('minh');
    const group = groupWith(section((await minh.get('/staff/review')).text, 'questions'), 'ra sao ạ');
    const choose = await minh.get(hrefOf(group, 'Thêm vào câu hỏi mẫu của một mục'));
    expect(choose.status).toBe(200);
    // The assistant's closest entries first, as radio buttons; then every entry, grouped by topic.
    const suggestions = [...choose.text.matchAll(/<input type="radio" id="ex-s-\d+" name="entry" value="([^"]+)">/g)].map((m) => m[1]);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(5);
    expect(choose.text).toContain('<input type="radio" id="ex-s-other" name="entry" value="">');
    const select = /<select id="ex-entry" name="other">[\s\S]*?<\/select>/.exec(choose.text)![0];
    expect(select).toMatch(/<optgroup label="Thị trường[^"]*">[\s\S]*?<option value="market-review-fertiliser">Mục thử review-fertiliser \(market-review-fertiliser\)<\/option>[\s\S]*?<\/optgroup>/);
    expect(select).toMatch(/<optgroup label="Tín dụng[^"]*">\s*<option value="credit-/);
    const checked = [...choose.text.matchAll(/<input type="checkbox" id="[^"]+" name="(q\.\d+)" value="([^"]*)" checked>/g)].map((m) => [m[1]!, unescape(m[2]!)] as const);
    expect(checked.map(([, q]) => q).sort()).toEqual([...FERTILISER].sort());
    // The member who wrote "ra sao ạ" was not asking the same: the editor unticks it.
    const form = Object.fromEntries(checked.filter(([, q]) => !q.includes('ra sao')));

    // Chosen in the full list (the "another entry" radio ticked).
    const saved = await minh.post('/staff/review/examples', { ...form, entry: '', other: 'market-review-fertiliser' });
    expect(saved.status).toBe(303);
    // The entry's page, told a draft was saved and which.
    expect(saved.location).toBe('/staff/knowledge/market-review-fertiliser?done=drafted&rev=2');
    const state = (await app.storage.content.document('entry', 'market-review-fertiliser'))!;
    expect(state).toMatchObject({ latestRev: 2, publishedRev: 1 });
    const draft = (await app.storage.content.revision('entry', 'market-review-fertiliser', 2))!;
    expect(draft.author).toBe('minh');
    expect(draft.note).toBe('Thêm 2 câu hỏi mẫu từ hàng đợi rà soát');
    const questions = (draft.body as EntryBody).questions;
    expect(questions.slice(0, 3)).toEqual(entryBody('market', 'review-fertiliser').questions);
    expect(questions.slice(3).sort()).toEqual(FERTILISER.filter((q) => !q.includes('ra sao')).sort());
    expect((await app.storage.content.revision('entry', 'market-review-fertiliser', 1))!.body).toEqual(entryBody('market', 'review-fertiliser', { reviewed: daysAgo(10) }));

    // The same questions again add nothing and save no revision.
    const again = await minh.post('/staff/review/examples', { ...form, entry: 'market-review-fertiliser' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Mục này đã có sẵn các câu hỏi này.');
    expect((await app.storage.content.document('entry', 'market-review-fertiliser'))!.latestRev).toBe(2);
    const none = await minh.post('/staff/review/examples', { entry: 'market-review-fertiliser' });
    expect(none.status).toBe(400);
    const unknown = await minh.post('/staff/review/examples', { 'q.0': 'câu hỏi mới', entry: 'khong-co-muc-nay' });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Hãy chọn một mục đang xuất bản.');
    // "Another entry" ticked and none chosen in the list.
    const nothing = await minh.post('/staff/review/examples', { 'q.0': 'câu hỏi mới', entry: '', other: '' });
    expect(nothing.status).toBe(404);
    expect(nothing.text).toContain('Hãy chọn một mục đang xuất bản.');

    // A suggestion ticked: a draft of that entry.
    const suggested = await minh.post('/staff/review/examples', { 'q.0': 'giá phân bón hữu cơ cho hợp tác xã', entry: 'land-review-rising', other: '' });
    expect(suggested.status).toBe(303);
    expect(suggested.location).toBe('/staff/knowledge/land-review-rising?done=drafted&rev=2');
    expect(((await app.storage.content.revision('entry', 'land-review-rising', 2))!.body as EntryBody).questions).toContain('giá phân bón hữu cơ cho hợp tác xã');
  });

  it('links an answered question ticket to a new entry holding the question, the staff answer and the ticket, for editors only', async () => {
    const question = await app.tickets.file(ticketDraft({ kind: 'question', topic: 'tax', content: 'HTX có được miễn thuế TNDN năm đầu không?', urgency: null }));
    const difficulty = await app.tickets.file(ticketDraft());
    for (const t of [question, difficulty]) await app.tickets.staffReply(t.code, { kind: 'staff', name: 'Lê Thu Hà' }, 'HTX được miễn thuế TNDN 2 năm đầu & giảm 50% trong 4 năm tiếp theo.');
    const unanswered = await app.tickets.file(ticketDraft({ kind: 'question', content: 'Câu hỏi chưa có trả lời' }));

    const minh = await as('minh');
    const page = await minh.get(`/staff/tickets/${question.code}`);
    const link = /<p class="to-entry"><a href="([^"]+)">Biến câu trả lời thành mục kiến thức<\/a><\/p>/.exec(page.text);
    expect(link).not.toBeNull();
    const url = new URL(unescape(link![1]!), app.baseUrl);
    expect(url.pathname).toBe('/staff/knowledge/new');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'HTX có được miễn thuế TNDN năm đầu không?',
      answer: 'HTX được miễn thuế TNDN 2 năm đầu & giảm 50% trong 4 năm tiếp theo.',
      ticket: question.code,
      topic: 'tax',
    });
    expect((await minh.get(`/staff/tickets/${difficulty.code}`)).text).not.toContain('class="to-entry"');
    expect((await minh.get(`/staff/tickets/${unanswered.code}`)).text).not.toContain('class="to-entry"');
    expect((await (await as('lan')).get(`/staff/tickets/${question.code}`)).text).not.toContain('class="to-entry"');
  });

  it('refuses a staff account the review queue and its action (403), and does not show it the link', async () => {
    const lan = await as('lan');
    const queue = await lan.get('/staff');
    expect(queue.text).not.toContain('href="/staff/review"');
    expect((await lan.get('/staff/review')).status).toBe(403);
    expect((await lan.get('/staff/review/examples?q=gia+phan+bon')).status).toBe(403);
    const before = (await app.storage.content.document('entry', 'land-review-rising'))!.latestRev;
    expect((await lan.post('/staff/review/examples', { 'q.0': 'thuê đất công ích', entry: 'land-review-rising' })).status).toBe(403);
    expect((await app.storage.content.document('entry', 'land-review-rising'))!.latestRev).toBe(before);
    expect((await (await as('minh')).get('/staff')).text).toContain('href="/staff/review"');
  });
});
