import { describe, expect, it } from 'vitest';
import { formatDate, formatSource, renderEntry, type RenderContext } from '../../src/conversation/render-entry.js';
import { loadFlows, nextOpenConference } from '../../src/flows/load-flows.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { fixtureKnowledge, localesDir, realFlowsDir } from '../support/fixtures.js';

const t = createTranslator(localesDir);

describe('citations', () => {
  it('print the day when it is known, and only the month when the copy does not give the day', () => {
    expect(formatDate('2021-03-31')).toBe('31/3/2021');
    expect(formatDate('2022-12')).toBe('12/2022');
  });

  it('say in the member\'s language that a document was replaced, and by what', () => {
    const source = { kind: 'law', number: '14/2008/QH12', title: 'Luật Thuế TNDN', issued: '2008-06-03', effective: '2009-01-01', status: 'replaced', replacedBy: 'Luật 67/2025/QH15' } as const;
    expect(formatSource(source, 'vi', t('vi'))).toBe('Luật 14/2008/QH12 (ban hành 3/6/2008, hiệu lực 1/1/2009) — đã được thay thế bởi Luật 67/2025/QH15');
    expect(formatSource(source, 'en', t('en'))).toBe('Law 14/2008/QH12 (issued 3/6/2008, in force 1/1/2009) — replaced by Luật 67/2025/QH15');
  });
});

describe('an answer read on a given day', () => {
  const kb = fixtureKnowledge();
  const flows = loadFlows(realFlowsDir);
  const rc = (now: string, locale: 'vi' | 'en' = 'vi'): RenderContext => ({
    locale,
    t: t(locale),
    now: new Date(now),
    flows,
    titleOf: (id) => kb.get(id)?.title[locale],
  });
  const deferral = kb.get('tax-deferral-2026')!;

  it('counts each deadline in Vietnam time: days left, the last day, or passed', () => {
    const before = renderEntry(deferral, rc('2026-10-31T03:00:00Z'));
    expect(before).toContain('⏰ Hạn nộp văn bản đề nghị gia hạn: 2/11/2026 — còn 2 ngày.');
    // 17:30 UTC on 1/11 is already 2/11 in Hà Nội: the last day.
    expect(renderEntry(deferral, rc('2026-11-01T17:30:00Z'))).toContain('2/11/2026 — hôm nay là ngày cuối.');
    const after = renderEntry(deferral, rc('2026-11-29T03:00:00Z'));
    expect(after).toContain('⏰ Hạn nộp văn bản đề nghị gia hạn: 2/11/2026 — đã hết (từ 27 ngày trước).');
    expect(after).toContain('⏰ Hạn nộp thuế GTGT tháng 6–9/2026 đã gia hạn: 21/12/2026 — còn 22 ngày.');
    expect(renderEntry(deferral, rc('2026-11-29T03:00:00Z', 'en'))).toContain('Deadline for the deferral request: 2/11/2026 — passed (27 days ago).');
  });

  it('puts the direct answer first, then what the day of reading changes, then the rest', () => {
    const text = renderEntry(deferral, rc('2026-11-29T03:00:00Z'));
    const lead = text.indexOf('Có, cho ai đã nộp');
    const deadline = text.indexOf('⏰');
    const rest = text.indexOf('Thuế GTGT tháng 6 đến tháng 9/2026');
    expect(lead).toBeGreaterThan(0);
    expect(deadline).toBeGreaterThan(lead);
    expect(rest).toBeGreaterThan(deadline);
    expect(text).toContain('🗓 Áp dụng đến hết 30/12/2026 (còn 31 ngày).');
  });

  it('marks an old rule as history and names the rule in force', () => {
    const text = renderEntry(kb.get('tax-cit-old-law-2024')!, rc('2026-11-29T03:00:00Z'));
    expect(text).toContain('🕰 Đây là quy định cũ, chỉ áp dụng đến hết 31/12/2024. Quy định hiện hành: «Thu nhập trồng trọt, chăn nuôi của HTX được miễn thuế TNDN».');
  });

  it('shows the rule before as one line inside the rule in force', () => {
    expect(renderEntry(kb.get('tax-cit-farming-income')!, rc('2026-11-29T03:00:00Z'))).toContain('🕰 Trước đây: Trước kỳ tính thuế 2025, Luật 14/2008/QH12 cũng miễn khoản thu nhập này.');
  });

  it('says when a source was read only in a secondary copy', () => {
    const text = renderEntry(deferral, rc('2026-11-29T03:00:00Z'));
    expect(text).toContain('43/2026/QH16 (tóm tắt) (ban hành 24/8/2026, hiệu lực 24/8/2026) — theo nguồn thứ cấp, chưa đối chiếu bản gốc');
    expect(text).toContain('ℹ️ Một phần thông tin trên lấy từ nguồn thứ cấp');
    expect(renderEntry(kb.get('tax-cit-farming-income')!, rc('2026-11-29T03:00:00Z'))).not.toContain('nguồn thứ cấp');
  });

  it('shows the Alliance contact fields that are filled and names the ones it does not have, never inventing them', () => {
    const org = { ...flows.organisation, phone: '0204 3854 123', address: { vi: 'Số 1 Đường A, phường Kinh Bắc', en: '1 A Street, Kinh Bắc ward' } };
    const text = renderEntry(kb.get('alliance-contact')!, { ...rc('2026-11-29T03:00:00Z'), flows: { ...flows, organisation: org } });
    expect(text).toContain('🏢 Liên minh Hợp tác xã tỉnh Bắc Ninh');
    expect(text).toContain('☎️ Điện thoại: 0204 3854 123');
    expect(text).toContain('📍 Địa chỉ: Số 1 Đường A, phường Kinh Bắc');
    expect(text).toContain('Trợ lý chưa có thông tin đã xác minh về: e-mail, giờ làm việc, trang web, tài khoản Zalo.');
    expect(text).not.toContain('✉️');
  });

  it('shows the conference taking concerns with the days left, then that its deadline passed, then none', () => {
    const entry = { ...kb.get('alliance-contact')!, live: ['next-conference' as const] };
    const conferences = [
      { id: 'dt-2026', name: { vi: 'Hội nghị đối thoại 2026', en: '2026 dialogue' }, date: '2026-12-18', place: { vi: 'Bắc Ninh', en: 'Bắc Ninh' }, deadline: '2026-12-10' },
    ];
    const read = (now: string) =>
      renderEntry(entry, { ...rc(now), flows: { ...flows, conferences, nextOpenConference: (at) => nextOpenConference(conferences, at) } });
    expect(read('2026-11-29T03:00:00Z')).toContain('📅 Hội nghị đối thoại 2026: ngày 18/12/2026, tại Bắc Ninh. Hạn gửi kiến nghị: hết ngày 10/12/2026 (còn 11 ngày).');
    expect(read('2026-12-12T03:00:00Z')).toContain('Hội nghị đối thoại 2026 (ngày 18/12/2026) đã hết hạn nhận kiến nghị từ ngày 10/12/2026');
    expect(read('2027-01-05T03:00:00Z')).toContain('Hiện chưa có hội nghị đối thoại nào đang nhận kiến nghị');
  });
});
