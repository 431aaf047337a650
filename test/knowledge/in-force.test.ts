import { describe, expect, it } from 'vitest';
import { namesPeriodOf, yearsAsked } from '../../src/knowledge/in-force.js';
import { fixtureKnowledge } from '../support/fixtures.js';

const kb = fixtureKnowledge();
const today = new Date('2026-11-29T03:00:00Z');
const top = (q: string, now = today) => kb.search(q, now).hits[0]?.entry.id;

describe('the rule in force first', () => {
  it('answers the rule in force when the question does not name a period, though the old entry matches too', () => {
    expect(top('htx chan nuoi co phai nop thue tndn khong')).toBe('tax-cit-farming-income');
    expect(top('thu nhập trồng trọt chăn nuôi của HTX được miễn thuế TNDN không')).toBe('tax-cit-farming-income');
  });

  it('answers the old rule when the question names its period, its law or "luật cũ"', () => {
    expect(top('năm 2024 htx chăn nuôi có được miễn thuế tndn không')).toBe('tax-cit-old-law-2024');
    expect(top('quyet toan 2023 htx trong trot mien thue tndn khong')).toBe('tax-cit-old-law-2024');
    expect(top('luật cũ miễn thuế thu nhập chăn nuôi của HTX thế nào')).toBe('tax-cit-old-law-2024');
    expect(top('luat 14/2008 mien thue tndn chan nuoi htx')).toBe('tax-cit-old-law-2024');
  });

  it('leaves history out of the other choices offered next to the rule in force', () => {
    const ids = kb.search('htx chan nuoi co phai nop thue tndn khong', today).hits.map((h) => h.entry.id);
    expect(ids).not.toContain('tax-cit-old-law-2024');
  });

  it('keeps a rule whose period has not ended: the same entry turns into history the day after', () => {
    expect(top('nam 2026 co duoc gia han nop thue khong')).toBe('tax-deferral-2026');
    // After 30/12/2026 the deferral is history; a question naming 2026 still finds it.
    expect(top('nam 2026 co duoc gia han nop thue khong', new Date('2027-02-01T03:00:00Z'))).toBe('tax-deferral-2026');
  });

  it('reads a year as the period asked about, not a founding year or a document number', () => {
    expect(yearsAsked('Năm 2024 HTX có được miễn?')).toEqual([2024]);
    expect(yearsAsked('quyết toán thuế năm 2023 thế nào')).toEqual([2023]);
    expect(yearsAsked('htx thành lập 2020 có được miễn thuế không')).toEqual([]);
    expect(yearsAsked('nghị định 82/2025 còn áp dụng không')).toEqual([]);
    const old = kb.get('tax-cit-old-law-2024')!;
    expect(namesPeriodOf(old, 'htx thanh lap 2020 co duoc mien thue khong')).toBe(false);
    expect(namesPeriodOf(old, 'truoc day htx co duoc mien thue khong')).toBe(true);
  });
});
