import { describe, expect, it } from 'vitest';
import { groupQuestions, meaningWords } from '../../../src/staff-web/review/question-groups.js';

/** A question the assistant offered entries of `topic` for ('unsure'), or found nothing for ('none', no topic). */
const asked = (question: string, at: string, topic: string | null = null) => ({ question, at, topic, outcome: topic === null ? ('none' as const) : ('unsure' as const) });

describe('grouping the questions the bot could not answer', () => {
  it('puts spellings with and without diacritics, case and filler words of one question into one group', () => {
    const groups = groupQuestions([
      asked('Giá phân bón hôm nay bao nhiêu?', '2026-11-20T01:00:00Z', 'market'),
      asked('gia phan bon hom nay bao nhieu', '2026-11-21T01:00:00Z'),
      asked('GIÁ PHÂN BÓN hôm nay thế nào ạ', '2026-11-22T01:00:00Z'),
      asked('Thủ tục giải thể hợp tác xã', '2026-11-23T01:00:00Z', 'establishment'),
    ]);
    expect(groups).toEqual([
      // The spelling asked twice first, written with its diacritics; no topic: the assistant found nothing for two of them.
      { count: 3, questions: ['Giá phân bón hôm nay bao nhiêu?', 'GIÁ PHÂN BÓN hôm nay thế nào ạ'], topic: null, latest: '2026-11-22T01:00:00Z' },
      { count: 1, questions: ['Thủ tục giải thể hợp tác xã'], topic: 'establishment', latest: '2026-11-23T01:00:00Z' },
    ]);
  });

  it('lists a spelling asked by several members once, most asked first', () => {
    const groups = groupQuestions([
      asked('vay vốn quỹ hỗ trợ HTX', '2026-11-20T01:00:00Z'),
      asked('Vay vốn Quỹ hỗ trợ HTX?', '2026-11-21T01:00:00Z'),
      asked('vay von quy ho tro htx nhu the nao', '2026-11-22T01:00:00Z'),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ count: 3, questions: ['Vay vốn Quỹ hỗ trợ HTX?', 'vay von quy ho tro htx nhu the nao'] });
  });

  it('keeps questions that share only a word or two apart, and counts the biggest group first', () => {
    const groups = groupQuestions([
      asked('hỗ trợ máy nông nghiệp', '2026-11-20T01:00:00Z'),
      asked('hỗ trợ lãi suất vay', '2026-11-21T01:00:00Z'),
      asked('ho tro lai suat vay von', '2026-11-22T01:00:00Z'),
    ]);
    expect(groups.map((g) => [g.count, g.questions[0]])).toEqual([
      [2, 'ho tro lai suat vay von'],
      [1, 'hỗ trợ máy nông nghiệp'],
    ]);
  });

  it('gives the same groups for the same questions in any order', () => {
    const rows = ['đất công ích cho HTX thuê', 'dat cong ich cho htx thue bao lau', 'bảo hiểm xã hội cho xã viên', 'bao hiem xa hoi xa vien', 'OCOP 3 sao'].map((q, i) => asked(q, `2026-11-2${i}T00:00:00Z`));
    expect(groupQuestions([...rows].reverse())).toEqual(groupQuestions(rows));
  });

  it('names a topic only when every question of the group got entries of that one topic offered', () => {
    const topicOf = (...rows: ReturnType<typeof asked>[]) => groupQuestions(rows).map((g) => g.topic);
    const day = (n: number) => `2026-11-2${n}T01:00:00Z`;
    expect(topicOf(asked('vay vốn mua máy gặt', day(1), 'credit'), asked('vay von mua may gat dap', day(2), 'credit'))).toEqual(['credit']);
    // One of them found nothing: a weak guess.
    expect(topicOf(asked('vay vốn mua máy gặt', day(1), 'credit'), { ...asked('vay von mua may gat dap', day(2), 'credit'), outcome: 'none' })).toEqual([null]);
    // The questions disagree.
    expect(topicOf(asked('vay vốn mua máy gặt', day(1), 'credit'), asked('vay von mua may gat dap', day(2), 'land'))).toEqual([null]);
  });

  it('keeps every wording of a group once: spellings of the same words (diacritics, case, chat abbreviations) are one', () => {
    const groups = groupQuestions([
      asked('HTX không được vay vốn thì sao', '2026-11-20T01:00:00Z'),
      asked('htx ko dc vay von thi sao', '2026-11-21T01:00:00Z'),
      asked('HTX KHÔNG ĐƯỢC VAY VỐN THÌ SAO?', '2026-11-19T01:00:00Z'),
      asked('htx không được vay vốn ngân hàng thì làm sao', '2026-11-23T01:00:00Z'),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.questions).toEqual(['HTX không được vay vốn thì sao', 'htx không được vay vốn ngân hàng thì làm sao']);
  });

  it('compares meaning words: chat spellings expanded, filler words left out', () => {
    expect([...meaningWords('ko dc vay von a?')].sort()).toEqual(['von', 'vay'].sort());
  });
});
