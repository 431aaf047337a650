import { describe, expect, it } from 'vitest';
import { formatVietnamDateTime, formatVietnamDay, vietnamDay } from '../../src/time/vietnam-time.js';

describe('dates in Vietnam time', () => {
  it('show a ticket filed at 23:30 UTC on the next day, as it was in Hà Nội', () => {
    expect(formatVietnamDay('2026-11-26T23:30:00.000Z')).toBe('27/11/2026');
    expect(formatVietnamDateTime('2026-11-26T23:30:00.000Z')).toBe('27/11/2026 06:30');
    expect(vietnamDay(new Date('2026-11-27T23:30:00Z'))).toEqual({ day: '2026-11-28', working: false });
  });

  it('leave an absent or unreadable timestamp empty', () => {
    expect(formatVietnamDateTime(null)).toBe('');
    expect(formatVietnamDateTime('not a date')).toBe('');
  });
});
