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

describe('the day in Vietnam, by arithmetic', () => {
  it('is the day Intl gives for Asia/Ho_Chi_Minh at any instant from 1990 to 2100', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
    for (let i = 0; i < 5000; i++) {
      const at = new Date(Date.UTC(1990, 0, 1) + Math.floor(((i * 2654435761) % 4_000_000) * 867_000));
      const p = Object.fromEntries(intl.formatToParts(at).map((x) => [x.type, x.value]));
      expect(vietnamDay(at), at.toISOString()).toEqual({ day: `${p['year']}-${p['month']}-${p['day']}`, working: p['weekday'] !== 'Sat' && p['weekday'] !== 'Sun' });
    }
  });
});
