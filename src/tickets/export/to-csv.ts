import type { TicketTable } from './ticket-table.js';

/** The UTF-8 byte order mark: without it Excel reads the file as ANSI and garbles Vietnamese. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The table as CSV for Excel: UTF-8 with BOM, RFC 4180 quoting, CRLF after every record. */
export function toCsv(table: TicketTable): Buffer {
  const records = [table.headers, ...table.rows].map((cells) => cells.map(csvField).join(',') + '\r\n');
  return Buffer.concat([BOM, Buffer.from(records.join(''), 'utf8')]);
}
