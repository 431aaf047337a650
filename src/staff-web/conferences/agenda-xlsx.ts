import viStrings from '../../../locales/vi/translation.json' with { type: 'json' };
import enStrings from '../../../locales/en/translation.json' with { type: 'json' };
import type { Topic } from '../../knowledge/topics.js';
import type { CellValue, TicketTable } from '../../tickets/export/ticket-table.js';
import { toXlsx } from '../../tickets/export/to-xlsx.js';
import type { Agenda } from './agenda.js';

type Locale = 'vi' | 'en';

/** Topic names as members see them in the bot (locales/<lang>/translation.json). */
const TOPIC: Record<Locale, Partial<Record<Topic, string>>> = { vi: viStrings.topic, en: enStrings.topic };
const NO_TOPIC: Record<Locale, string> = { vi: 'Chưa rõ lĩnh vực', en: 'No topic given' };

const COLUMNS: readonly { vi: string; en: string; type: 'text' | 'number' }[] = [
  { vi: 'Lĩnh vực', en: 'Topic', type: 'text' },
  { vi: 'Số kiến nghị cùng lĩnh vực', en: 'Concerns on this topic', type: 'number' },
  { vi: 'Mã', en: 'Code', type: 'text' },
  { vi: 'Hợp tác xã', en: 'Cooperative', type: 'text' },
  { vi: 'Xã/phường', en: 'Commune', type: 'text' },
  { vi: 'Nội dung kiến nghị', en: 'Concern', type: 'text' },
  { vi: 'Trả lời tại hội nghị', en: 'Answer given at the conference', type: 'text' },
];

const SHEET: Record<Locale, string> = { vi: 'Chương trình hội nghị', en: 'Conference agenda' };

const text = (value: string | null | undefined): string | null => (value ? value : null);

/**
 * The agenda as a table: one row per concern, in the agenda's order (the biggest topic first), each
 * row with its topic and the topic's count so a filter on the sheet keeps them.
 */
export function agendaTable(agenda: Agenda, locale: Locale): TicketTable {
  const rows: CellValue[][] = agenda.groups.flatMap((group) =>
    group.items.map((item) => [
      group.topic === null ? NO_TOPIC[locale] : (TOPIC[locale][group.topic] ?? group.topic),
      group.count,
      item.code,
      text(item.cooperative),
      text(item.commune),
      text(item.content),
      text(item.answer?.text),
    ]),
  );
  return { columns: COLUMNS.map((c) => ({ header: c[locale], type: c.type })), rows };
}

/**
 * The agenda as an Excel workbook, written like the ticket export (to-xlsx.ts): text cells never
 * formulas, control characters removed, a frozen header row with a filter.
 */
export function agendaXlsx(agenda: Agenda, locale: Locale): Promise<Buffer> {
  return toXlsx(agendaTable(agenda, locale), SHEET[locale]);
}

/** A file name for the download: chuong-trinh_<conference id>.xlsx. */
export function agendaFileName(agenda: Agenda): string {
  return `chuong-trinh_${agenda.conference.id}.xlsx`;
}
