import { isHistory, type Entry, type Source } from '../knowledge/entry.js';
import { daysBetween, vietnamDay } from '../time/vietnam-time.js';
import { liveBlock } from './live-blocks.js';
import type { Translate } from './ports.js';
import type { Locale } from './session.js';
import type { FlowsPort } from './tickets-port.js';

/** What an answer is rendered with: the member's language, the day it is read, and flows/ data. */
export interface RenderContext {
  locale: Locale;
  t: Translate;
  now: Date;
  flows: Pick<FlowsPort, 'organisation' | 'conferences' | 'nextOpenConference'>;
  /** Another entry's title (for "the rule in force is …"), if it exists. */
  titleOf: (id: string) => string | undefined;
}

/** "31/3/2021" (or "12/2022" when only the month is known): the format Vietnamese citations use. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return d === undefined ? `${m}/${y}` : `${d}/${m}/${y}`;
}

/** "Nghị định 45/2021/NĐ-CP, Điều 23 (ban hành 31/3/2021, hiệu lực 15/5/2021)" and its status. */
export function formatSource(source: Source, locale: Locale, t: Translate): string {
  const kind = t(`source.kind.${source.kind}`);
  const head = [kind, source.number].filter(Boolean).join(' ');
  const article = source.article ? `, ${source.article[locale]}` : '';
  const dates = t('source.dates', { issued: formatDate(source.issued), effective: formatDate(source.effective) });
  const status =
    source.status === 'replaced'
      ? ` — ${t('source.replaced', { by: source.replacedBy ?? '' })}`
      : source.status === 'expired'
        ? ` — ${t('source.expired')}`
        : '';
  const secondary = source.secondary ? ` — ${t('source.secondary')}` : '';
  return `${head}${article} (${dates})${status}${secondary}`;
}

/** "còn 12 ngày", "hôm nay là ngày cuối", "đã hết": a date counted on the day it is read. */
export function countdown(date: string, today: string, t: Translate): string {
  const days = daysBetween(today, date);
  if (days > 0) return t('time.daysLeft', { count: days });
  if (days === 0) return t('time.lastDay');
  return t('time.passed', { count: -days });
}

/** Lines computed on the day the answer is read: deadlines, the period of the rule, live blocks. */
function timedLines(entry: Entry, rc: RenderContext, today: string): string[] {
  const { t, locale } = rc;
  const lines = entry.deadlines.map((d) => `⏰ ${d.label[locale]}: ${formatDate(d.date)} — ${countdown(d.date, today, t)}.`);
  const to = entry.period?.to;
  const from = entry.period?.from;
  if (from !== undefined && from > today) lines.push(`🗓 ${t('time.appliesFrom', { date: formatDate(from), left: countdown(from, today, t) })}`);
  else if (to !== undefined && !isHistory(entry, today)) lines.push(`🗓 ${t('time.appliesUntil', { date: formatDate(to), left: countdown(to, today, t) })}`);
  for (const block of entry.live) lines.push(liveBlock(block, rc, today));
  return lines;
}

/** The banner of a history entry: its rule ended, and which entry states the rule in force. */
function historyBanner(entry: Entry, rc: RenderContext): string {
  const { t } = rc;
  const until = t('time.historyUntil', { date: formatDate(entry.period!.to!) });
  const successor = entry.supersededBy ? rc.titleOf(entry.supersededBy) : undefined;
  return `🕰 ${until}${successor ? ` ${t('time.nowInForce', { title: successor })}` : ''}`;
}

/**
 * The full answer as a member sees it: the title, the direct answer (the answer's first line), what
 * the day of reading changes (deadlines, period, conference, contact), the rest of the answer, who
 * and how, what the province sets, the rule before, the basis and the review date.
 */
export function renderEntry(entry: Entry, rc: RenderContext): string {
  const { locale, t } = rc;
  const today = vietnamDay(rc.now).day;
  const [written = '', ...rest] = entry.answer[locale].trim().split('\n');
  // After a deadline the direct answer changes ("Có" → "Không còn xin mới được"): the latest passed one leads.
  const lead = [...entry.leadAfter].filter((l) => l.after < today).sort((a, b) => a.after.localeCompare(b.after)).pop()?.[locale] ?? written;
  const parts = [`📘 ${entry.title[locale]}`];
  if (isHistory(entry, today)) parts.push(historyBanner(entry, rc));
  const timed = timedLines(entry, rc, today);
  parts.push([lead, ...timed].join('\n'));
  if (rest.join('\n').trim()) parts.push(rest.join('\n').trim());
  parts.push(`👥 ${t('entry.eligibility')}: ${entry.eligibility[locale].trim()}`, `📝 ${t('entry.howToApply')}: ${entry.howToApply[locale].trim()}`);
  if (entry.provincialNote) parts.push(`⚠️ ${entry.provincialNote[locale].trim()}`);
  if (entry.sources.some((s) => s.secondary)) parts.push(`ℹ️ ${t('entry.secondaryCaution')}`);
  if (entry.previously) parts.push(`🕰 ${t('entry.previously')}: ${entry.previously[locale].trim()}`);
  const sources = entry.sources.map((s) => formatSource(s, locale, t)).join('; ');
  parts.push(`${t('entry.basis')}: ${sources}.\n${t('entry.reviewed', { date: formatDate(entry.reviewed) })}`);
  return parts.join('\n\n');
}
