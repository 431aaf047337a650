import { describe, expect, it } from 'vitest';
import { MAX_LINK_QUERY, newEntryHref } from '../../../src/staff-web/review/review-page.js';

describe('the link from a group of questions to a new entry', () => {
  it('carries every wording of the group (more than the 20 one action adds to an entry), the topic only when given', () => {
    const questions = Array.from({ length: 30 }, (_, i) => `hỏi về vay vốn lần ${i}`);
    const url = new URL(newEntryHref(questions, null), 'http://console');
    expect(url.searchParams.getAll('q')).toEqual(questions);
    expect(url.searchParams.has('topic')).toBe(false);
    expect(new URL(newEntryHref(questions, 'credit'), 'http://console').searchParams.get('topic')).toBe('credit');
  });

  it('stops adding questions before the link grows too long for the server to take', () => {
    const long = Array.from({ length: 40 }, (_, i) => `${i} ${'giá phân bón hôm nay thế nào '.repeat(9)}`);
    const href = newEntryHref(long, 'market');
    const url = new URL(href, 'http://console');
    expect(url.search.length).toBeLessThanOrEqual(MAX_LINK_QUERY + 1);
    const carried = url.searchParams.getAll('q');
    expect(carried.length).toBeGreaterThan(5);
    expect(carried).toEqual(long.slice(0, carried.length).map((q) => q.trim()));
  });
});
