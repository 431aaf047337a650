import type { Ticket } from '../ticket.js';
import { filterTickets, ticketTable, type TicketFilter } from './ticket-table.js';
import { toCsv } from './to-csv.js';
import { toXlsx } from './to-xlsx.js';

export interface ExportRequest extends TicketFilter {
  format: 'csv' | 'xlsx';
  locale: 'vi' | 'en';
}

/** An export file: a suggested name, its bytes, and how many tickets it holds. */
export interface ExportFile {
  name: string;
  content: Buffer;
  count: number;
}

/** The export file for the conference agenda and the yearly report: filtered tickets as CSV or XLSX. */
export async function exportTickets(tickets: Ticket[], request: ExportRequest): Promise<ExportFile> {
  const chosen = filterTickets(tickets, request);
  const table = ticketTable(chosen, request.locale);
  const stem = ['ho-so', request.kind ?? 'tat-ca', request.conferenceId, request.from, request.to].filter(Boolean).join('_');
  return request.format === 'csv'
    ? { name: `${stem}.csv`, content: toCsv(table), count: chosen.length }
    : { name: `${stem}.xlsx`, content: await toXlsx(table, request.locale === 'vi' ? 'Hồ sơ' : 'Tickets'), count: chosen.length };
}
