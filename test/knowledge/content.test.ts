import { describe, expect, it } from 'vitest';
import { isUnaccentedVietnamese, MIN_ENTRIES } from '../../src/knowledge/coverage.js';
import { MAX_ANSWER_CHARS } from '../../src/knowledge/entry-schema.js';
import { validateKnowledge } from '../../src/knowledge/load-knowledge.js';
import { TOPICS } from '../../src/knowledge/topics.js';
import { join } from 'node:path';
import { realFlowsDir } from '../support/fixtures.js';

const { entries, problems } = validateKnowledge(join(realFlowsDir, 'knowledge'));

describe('the knowledge base in flows/', () => {
  it('is valid: every file, entry and field', () => {
    expect(problems).toEqual([]);
  });

  it('covers every topic: ≥ 80 entries, ≥ 10 for credit, tax and young-labour, ≥ 4 for the rest', () => {
    expect(entries.length).toBeGreaterThanOrEqual(80);
    for (const topic of TOPICS) expect(entries.filter((e) => e.topic === topic).length, topic).toBeGreaterThanOrEqual(MIN_ENTRIES[topic]);
  });

  it('has unique ids, and every related link resolves', () => {
    const ids = new Set(entries.map((e) => e.id));
    expect(ids.size).toBe(entries.length);
    for (const e of entries) for (const r of e.related) expect(ids.has(r), `${e.id} → ${r}`).toBe(true);
  });

  it('answers in both languages within the length that fits one Zalo message with its citation', () => {
    for (const e of entries) {
      for (const lang of ['vi', 'en'] as const) {
        expect(e.title[lang].length, e.id).toBeGreaterThan(0);
        expect(e.answer[lang].length, e.id).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
      }
    }
  });

  it('cites every source with a document number, dates and status', () => {
    for (const e of entries) {
      for (const s of e.sources) {
        expect(s.number, e.id).toMatch(/\d/);
        expect(Date.parse(s.issued), e.id).not.toBeNaN();
        if (!s.retroactive) expect(Date.parse(s.effective) >= Date.parse(s.issued), `${e.id}: ${s.number} in force before it was issued`).toBe(true);
        if (s.status === 'replaced') expect(s.replacedBy, e.id).toBeTruthy();
      }
    }
  });

  it('says when each entry was last reviewed, not in the future', () => {
    for (const e of entries) expect(Date.parse(e.reviewed) <= Date.now(), e.id).toBe(true);
  });

  it('gives each entry an example question typed without diacritics', () => {
    for (const e of entries) expect(e.questions.some(isUnaccentedVietnamese), e.id).toBe(true);
  });

  it('names a replacement in the answer of an entry resting on a replaced document', () => {
    for (const e of entries) {
      const replaced = e.sources.filter((x) => x.status === 'replaced');
      if (replaced.length === 0) continue;
      const cores = replaced.map((s) => (s.replacedBy ?? '').match(/\d+\/\d{4}/)?.[0]).filter((c): c is string => Boolean(c));
      expect(cores.some((c) => e.answer.vi.includes(c)), `${e.id} should name one of ${cores.join(', ')}`).toBe(true);
    }
  });

  it('speaks of the new Bắc Ninh province, never sends members to a district office', () => {
    // A sentence may mention districts only to say they are gone ("không còn cấp huyện").
    const saysGone = /không còn|không đến|đừng|không nộp|không gửi|cũ|bỏ|trước đây|trước 1\/7\/2025|không còn áp dụng/i;
    for (const e of entries) {
      const sentences = `${e.answer.vi}\n${e.howToApply.vi}`.split(/(?<=[.;!?\n])\s*/);
      for (const s of sentences.filter((x) => /(^|[^\p{L}])huyện/iu.test(x))) expect(saysGone.test(s), `${e.id}: "${s}"`).toBe(true);
    }
  });
});
