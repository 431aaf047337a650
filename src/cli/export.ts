import { writeFileSync } from 'node:fs';
import { exportTickets } from '../tickets/export/export-tickets.js';
import { TicketService } from '../tickets/ticket-service.js';
import { parseExportArgs } from './export-args.js';
import { openBotStorage } from './load-for-cli.js';

/**
 * npm run export -- --kind concern --conference doi-thoai-2026 --format xlsx: the file for the
 * conference agenda or the yearly report (UTF-8 with BOM for CSV; formula cells neutralised).
 */
async function main(): Promise<void> {
  const request = parseExportArgs(process.argv.slice(2));
  const { storage } = await openBotStorage();
  try {
    const file = await exportTickets(await new TicketService(storage.tickets).all(), request);
    const path = request.out ?? file.name;
    writeFileSync(path, file.content);
    process.stdout.write(`${path}\n`);
  } finally {
    await storage.close();
  }
}

await main();
