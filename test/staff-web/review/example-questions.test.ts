import { describe, expect, it } from 'vitest';
import { entryBodySchema } from '../../../src/content/content-kinds.js';
import { MAX_ADDED_QUESTIONS, MAX_QUESTION_CHARS, questionsFrom, withExampleQuestions } from '../../../src/staff-web/review/example-questions.js';
import { entryBody } from './entry-body.js';

describe('adding members’ questions to an entry’s example questions', () => {
  it('appends new questions once, each one line, leaving out ones the entry has and ones too short', () => {
    const entry = entryBody('market', 'gia-phan-bon', { questions: ['Giá phân bón ở đâu rẻ?', 'mua phân bón', 'phân bón trợ giá'] });
    const { body, added } = withExampleQuestions(entry, ['gia phan bon o dau re', 'Giá phân bón\nhôm nay?', 'giá phân bón hôm nay', 'ạ', 'Phân bón  hữu cơ cho HTX']);
    expect(added).toEqual(['Giá phân bón hôm nay?', 'Phân bón hữu cơ cho HTX']);
    expect(body.questions).toEqual(['Giá phân bón ở đâu rẻ?', 'mua phân bón', 'phân bón trợ giá', 'Giá phân bón hôm nay?', 'Phân bón hữu cơ cho HTX']);
    expect(entryBodySchema.safeParse(body).success).toBe(true);
  });

  it('cuts a long question at a word and adds at most 20 at once', () => {
    const long = `${'phân bón '.repeat(60)}cuối`;
    const { added } = withExampleQuestions(entryBody('market', 'x'), [long, ...Array.from({ length: 30 }, (_, i) => `câu hỏi số ${i}`)]);
    expect(added).toHaveLength(MAX_ADDED_QUESTIONS);
    expect(added[0]!.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(added[0]!.endsWith('bón')).toBe(true);
  });

  it('reads the questions a form or link carries: repeated q, then ticked q.N in order, each once', () => {
    expect(questionsFrom({ q: ['vay vốn', 'Vay von'], 'q.10': 'thuê đất', 'q.2': ' bảo  hiểm ', 'offered.0': 'khác', entry: 'x' })).toEqual(['vay vốn', 'bảo hiểm', 'thuê đất']);
    expect(questionsFrom({ q: 'một câu' })).toEqual(['một câu']);
    expect(questionsFrom({ 'offered.0': 'khác', 'q.0': 5 }, 'offered')).toEqual(['khác']);
    expect(questionsFrom(undefined)).toEqual([]);
  });
});
