import { formatVietnamDateTime } from '../../time/vietnam-time.js';
import { neutraliseCell, stripControlCharacters } from './neutralise-cell.js';
import type { CellValue, TicketTable } from './ticket-table.js';

/** The UTF-8 byte order mark: without it Excel reads the file as ANSI and garbles Vietnamese. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A cell as CSV text: an instant as "26/11/2026 08:30" in Vietnam time, a number as written, text
 * without control characters and neutralised against formula injection.
 */
function csvText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return formatVietnamDateTime(value.toISOString());
  return neutraliseCell(stripControlCharacters(value));
}

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The table as CSV for Excel: UTF-8 with BOM, RFC 4180 quoting, CRLF after every record. */
export function toCsv(table: TicketTable): Buffer {
  const records = [table.columns.map((c) => c.header), ...table.rows].map((cells) => cells.map((cell) => csvField(csvText(cell))).join(',') + '\r\n');
  return Buffer.concat([BOM, Buffer.from(records.join(''), 'utf8')]);
}
