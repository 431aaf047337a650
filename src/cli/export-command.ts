import { exportTickets, type ExportFile } from '../tickets/export/export-tickets.js';
import { TicketService } from '../tickets/ticket-service.js';
import { checkExportTarget, EXPORT_OUTPUT, EXPORT_USAGE, parseExportArgs, writeExport } from './export-args.js';
import { openBotStorage, runCli } from './load-for-cli.js';

const USAGE = `usage: npm run export -- ${EXPORT_USAGE}
  The file for the conference agenda or the yearly report, from the bot's storage (DATA_DIR or REDIS_URL).
  ${EXPORT_OUTPUT}
  CSV is UTF-8 with BOM, cells starting with = + - @ neutralised; XLSX has text, number and date cells.`;

/**
 * npm run export -- --kind concern --conference doi-thoai-2026 --format xlsx --out FILE: the file
 * for the conference agenda or the yearly report. Any error is one line on stderr, exit non-zero.
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parseExportArgs(argv, 'npm run export -- --help shows the options');
  checkExportTarget(options.out, 'export');
  const { storage } = await openBotStorage();
  let file: ExportFile;
  try {
    file = await exportTickets(await new TicketService(storage.tickets).all(), options);
  } finally {
    await storage.close().catch(() => undefined);
  }
  const written = await writeExport(file, options.out);
  if (written !== undefined) process.stdout.write(`${written}\n`);
}

await runCli('export failed', main);
