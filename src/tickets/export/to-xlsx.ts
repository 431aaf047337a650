import ExcelJS from 'exceljs';
import { formatVietnamDateTime } from '../../time/vietnam-time.js';
import { stripControlCharacters } from './neutralise-cell.js';
import type { CellValue, ColumnType, TicketTable } from './ticket-table.js';

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** How each kind of column is shown: text stays text, dates as d/m/yyyy hh:mm the Vietnamese way. */
const NUMBER_FORMAT: Record<ColumnType, string> = { text: '@', number: 'General', date: 'd/m/yyyy hh:mm' };

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Excel refuses sheet names over 31 characters or with any of * ? : \ / [ ]. */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[*?:\\/[\]]/g, '-').trim().slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/**
 * A cell as ExcelJS writes it, typed: text as a string cell (never a formula, so no apostrophe is
 * needed) without control characters, a number as a number, an instant as a date. Excel dates
 * have no time zone and ExcelJS writes a Date's UTC clock, so the instant is moved to Vietnam's
 * clock: the cell shows the time a member in Vietnam saw.
 */
function xlsxValue(value: CellValue): ExcelJS.CellValue {
  if (value === null || typeof value === 'number') return value;
  if (value instanceof Date) return new Date(value.getTime() + VIETNAM_OFFSET_MS);
  return stripControlCharacters(value);
}

/** A cell's text as it shows, to size its column. */
function shownText(value: CellValue): string {
  if (value === null) return '';
  if (value instanceof Date) return formatVietnamDateTime(value.toISOString());
  return String(value);
}

/** Width in characters that fits the longest line of a column, within MIN_WIDTH..MAX_WIDTH. */
function columnWidth(cells: string[]): number {
  const longest = Math.max(0, ...cells.flatMap((cell) => cell.split('\n').map((line) => [...line].length)));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

/**
 * The table as an Excel workbook of one sheet: a bold, frozen header row with a filter, column
 * widths that fit the text, and typed cells — text (never a formula), numbers, and dates with a
 * d/m/yyyy hh:mm format in Vietnam time.
 */
export async function toXlsx(table: TicketTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map(({ header, type }, i) => ({
    header: stripControlCharacters(header),
    width: columnWidth([header, ...table.rows.map((row) => shownText(row[i] ?? null))]),
    style: { numFmt: NUMBER_FORMAT[type], alignment: { vertical: 'top', wrapText: true } },
  }));
  sheet.addRows(table.rows.map((row) => row.map(xlsxValue)));
  sheet.getRow(1).font = { bold: true };
  if (table.columns.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
