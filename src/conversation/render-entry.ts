import type { Entry, Source } from '../knowledge/entry.js';
import type { Translate } from './ports.js';
import type { Locale } from './session.js';

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
  return `${head}${article} (${dates})${status}`;
}

/** The full answer as a member sees it: title, short answer, who, how, what the province sets, basis, review date. */
export function renderEntry(entry: Entry, locale: Locale, t: Translate): string {
  const parts = [
    `📘 ${entry.title[locale]}`,
    entry.answer[locale].trim(),
    `👥 ${t('entry.eligibility')}: ${entry.eligibility[locale].trim()}`,
    `📝 ${t('entry.howToApply')}: ${entry.howToApply[locale].trim()}`,
  ];
  if (entry.provincialNote) parts.push(`⚠️ ${entry.provincialNote[locale].trim()}`);
  const sources = entry.sources.map((s) => formatSource(s, locale, t)).join('; ');
  parts.push(`${t('entry.basis')}: ${sources}.\n${t('entry.reviewed', { date: formatDate(entry.reviewed) })}`);
  return parts.join('\n\n');
}
