/**
 * Dates as members and staff in Vietnam read them. Timestamps are stored in UTC; a ticket filed at
 * 23:30 UTC was filed the next morning in Hà Nội, and its day, year and working day follow that.
 */
const dateTimeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const partsOf = (format: Intl.DateTimeFormat, at: Date | number) => Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));

/** Vietnam keeps UTC+7 all year (no daylight saving since 1975): a day is the UTC day of the time shifted by 7 hours. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar day in Vietnam ("2026-11-26") and whether it is a working day (Monday–Friday). */
export function vietnamDay(at: Date): { day: string; working: boolean } {
  // Arithmetic rather than Intl: it is on every message's path (what is in force today, deadlines).
  const shifted = new Date(at.getTime() + VIETNAM_OFFSET_MS);
  const weekday = shifted.getUTCDay();
  return { day: shifted.toISOString().slice(0, 10), working: weekday !== 0 && weekday !== 6 };
}

/** "26/11/2026": the day of an ISO timestamp in Vietnam, written as Vietnamese dates are. */
export function formatVietnamDay(iso: string): string {
  const [y, m, d] = vietnamDay(new Date(iso)).day.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
}

/** "26/11/2026 08:30" in Vietnam time; empty when absent or unreadable. */
export function formatVietnamDateTime(iso: string | null): string {
  if (iso === null) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const p = partsOf(dateTimeParts, ms);
  return `${p['day']}/${p['month']}/${p['year']} ${p['hour']}:${p['minute']}`;
}

/** Whole days from one ISO day to another (negative when `to` is earlier); both are calendar days. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
