import { describe, expect, it } from 'vitest';
import { handle } from '../../src/conversation/engine.js';
import { newSession } from '../../src/conversation/session.js';
import { engineDeps, realKnowledge } from '../support/fixtures.js';

// Read on 29/11/2026 in Vietnam: the day the tax content was last reviewed.
const deps = engineDeps(realKnowledge(), new Date('2026-11-29T03:00:00Z'));
const answer = async (text: string, locale: 'vi' | 'en' = 'vi') =>
  (await handle({ kind: 'text', text, conversationId: 'web:facts' }, { ...newSession(), locale }, deps)).replies.map((r) => r.text).join('\n');

describe('the facts a member reads today (the rule in force, cited)', () => {
  it('says an HTX’s own farming income is exempt from CIT under Decree 320/2025, without "not confirmed"', async () => {
    const text = await answer('htx trong lua nuoi lon co phai nop thue tndn khong');
    expect(text).toMatch(/miễn thuế/i);
    expect(text).toContain('320/2025/NĐ-CP');
    expect(text).not.toMatch(/chưa xác nhận/i);
  });

  it('gives the ≤ 1 billion VND revenue exemption from tax year 2026 with Decree 141/2026', async () => {
    const text = await answer('htx doanh thu năm ngoái 800 triệu có phải nộp thuế tndn không');
    expect(text).toMatch(/1 tỷ/);
    expect(text).toContain('141/2026/NĐ-CP');
  });

  it('gives the household business VAT and PIT threshold of 1 billion from 2026', async () => {
    const text = await answer('hộ kinh doanh doanh thu bao nhiêu thì không phải nộp thuế gtgt năm 2026');
    expect(text).toMatch(/1 tỷ/);
    expect(text.split('\n')[2]).not.toMatch(/500 triệu/); // the first line of the answer states today's threshold
  });

  it('says the 2026 deferral requests closed on 2/11/2026 and counts what is still due', async () => {
    const text = await answer('nam nay con xin gia han nop thue duoc khong');
    expect(text).toContain('245/2026/NĐ-CP');
    expect(text).toMatch(/2\/11\/2026 — đã hết/);
    expect(text).toMatch(/21\/12\/2026 — còn 22 ngày/);
  });

  it('answers the old law only when asked about its years, marked as history', async () => {
    expect(await answer('năm 2024 htx chăn nuôi có được miễn thuế tndn không')).toContain('🕰 Đây là quy định cũ');
    expect(await answer('htx chăn nuôi có được miễn thuế tndn không')).not.toContain('🕰 Đây là quy định cũ');
  });

  it('gives the 1% / 5% / 2% of revenue for an HTX that cannot determine its costs (Decree 320, Art. 12(5))', async () => {
    const text = await answer('htx không xác định được chi phí thì nộp thuế tndn theo tỷ lệ bao nhiêu');
    for (const rate of ['1%', '5%', '2%']) expect(text).toContain(rate);
    expect(text).toContain('Điều 12 khoản 5');
  });

  it('answers in English with the same law', async () => {
    const text = await answer('Is a cooperative’s farming income exempt from corporate income tax?', 'en');
    expect(text).toMatch(/exempt/i);
    expect(text).toContain('320/2025/NĐ-CP');
  });
});

describe('what an answer offers next', () => {
  it('offers other OCOP entries under an OCOP answer, not an unrelated topic that merely scored third', async () => {
    const out = await handle({ kind: 'text', text: 'chuong trinh ocop', conversationId: 'zalo:ocop', maxAnswerChoices: 5, buttons: false }, newSession(), deps);
    const offered = out.replies[0]!.choices!.filter((c) => c.id.startsWith('entry:')).map((c) => c.id.slice(6));
    expect(offered.length).toBeGreaterThan(0);
    for (const id of offered) expect(realKnowledge().get(id)?.topic).toBe('ocop');
  });
});
