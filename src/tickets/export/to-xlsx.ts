import ExcelJS from 'exceljs';
import type { TicketTable } from './ticket-table.js';

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** Excel refuses sheet names over 31 characters or with any of * ? : \ / [ ]. */
function safeSheetName(name: string): string {
  const cleaned = name.replace(/[*?:\\/[\]]/g, '-').trim().slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}

/** Width in characters that fits the longest line of a column, within MIN_WIDTH..MAX_WIDTH. */
function columnWidth(cells: string[]): number {
  const longest = Math.max(0, ...cells.flatMap((cell) => cell.split(/\r?\n/).map((line) => [...line].length)));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

/**
 * The table as an Excel workbook of one sheet: a bold, frozen header row with a filter, column
 * widths that fit the text, and every cell a text cell (never a formula).
 */
export async function toXlsx(table: TicketTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.headers.map((header, i) => ({
    header,
    width: columnWidth([header, ...table.rows.map((row) => row[i] ?? '')]),
    style: { numFmt: '@', alignment: { vertical: 'top', wrapText: true } },
  }));
  sheet.addRows(table.rows);
  sheet.getRow(1).font = { bold: true };
  if (table.headers.length > 0) {
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.headers.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
