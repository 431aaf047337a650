import { describe, expect, it } from 'vitest';
import { fold, repairRemnant, syllables, terms } from '../../src/knowledge/normalize.js';

const query = (text: string, vocabulary?: Set<string>) => syllables(text, { chat: true, vocabulary });

describe('fold', () => {
  it('removes diacritics and folds đ, Đ and the look-alike Ð to d', () => {
    expect(fold('Hợp tác xã ĐỒNG Đức')).toBe('hop tac xa dong duc');
    expect(fold('\u00D0ăng ký')).toBe('dang ky');
  });

  it('treats decomposed (NFD) input like composed input', () => {
    expect(fold('thue\u0302\u0301')).toBe(fold('thuế'));
  });

  it('makes old and new tone placement agree (hoà/hòa, thuỷ/thủy)', () => {
    expect(fold('hoà')).toBe(fold('hòa'));
    expect(fold('thuỷ lợi')).toBe(fold('thủy lợi'));
  });
});

describe('syllables', () => {
  it('unifies i and y (kí/ký, lí/lý)', () => {
    expect(query('đăng kí')).toEqual(query('đăng ký'));
    expect(query('quản lí')).toEqual(query('quản lý'));
  });

  it('expands abbreviations on both sides', () => {
    const prose = syllables('Thuế TNDN của HTX', { chat: false });
    expect(prose).toEqual(['thue', 'thu', 'nhap', 'doanh', 'nghiep', 'cua', 'hop', 'tac', 'xa']);
    expect(query('bhxh cho lmhtx')).toEqual(['bao', 'hiem', 'xa', 'hoi', 'cho', 'lien', 'minh', 'hop', 'tac', 'xa']);
    expect(query('vay nhcsxh, qtdnd, ubnd xã')).toContain('nhan');
  });

  it('expands chat spellings in questions only', () => {
    expect(query('htx co dc vay ko')).toEqual(['hop', 'tac', 'xa', 'co', 'duoc', 'vay', 'khong']);
    expect(query('lam ntn')).toEqual(['lam', 'nhu', 'the', 'nao']);
    expect(syllables('điểm k', { chat: false })).toEqual(['diem', 'k']);
  });

  it('repairs telex and VNI remnants only into known words', () => {
    const vocabulary = new Set(['vay', 'von', 'thue', 'dat']);
    expect(query('vay voons', vocabulary)).toEqual(['vay', 'von']);
    expect(query('vay vo16n', vocabulary)).toEqual(['vay', 'von']);
    expect(query('thuees ddaats', vocabulary)).toEqual(['thue', 'dat']);
    expect(repairRemnant('xoong', vocabulary)).toBe('xoong'); // "xong" is not a known word: left alone
  });
});

describe('English questions', () => {
  it('meet the content across word forms', () => {
    const q = (t: string) => syllables(t, { chat: true });
    expect(q('deferred payments')).toEqual(q('defer payment'));
    expect(q('graduates graduated graduate')).toEqual(['graduat', 'graduat', 'graduat']);
    expect(q('subsidies')).toEqual(q('subsidy'));
  });

  it('leave Vietnamese syllables alone', () => {
    expect(syllables('thuế nghề khỏe những', { chat: false })).toEqual(['thue', 'nghe', 'khoe', 'nhung']);
  });
});

describe('terms', () => {
  it('adds syllable bigrams so thuê đất and thuế đất differ from other uses of the words', () => {
    const t = terms('thuê đất', { chat: false });
    expect(t).toContain('thue_dat');
    expect(terms('thuế thu nhập', { chat: false })).toContain('thue_thu');
  });

  it('drops function words alone, and pairs of two function words', () => {
    expect(terms('vay vốn ở đâu', { chat: true })).toEqual(['vay', 'von', 'vay_von', 'von_o']);
  });

  it('keeps pairs that folding made look like function words (hội chợ, cán bộ, đầu tư)', () => {
    expect(terms('hội chợ', { chat: false })).toContain('hoi_cho');
    expect(terms('cán bộ', { chat: false })).toContain('can_bo');
    expect(terms('đầu tư', { chat: false })).toContain('dau_tu');
  });
});
