import { exportTickets, type ExportFile } from '../tickets/export/export-tickets.js';
import { TicketService } from '../tickets/ticket-service.js';
import { checkExportTarget, EXPORT_OUTPUT, EXPORT_USAGE, parseExportArgs, writeExport } from './export-args.js';
import { openCliStorage, runCliCommand, type CliIo } from './load-for-cli.js';

const USAGE = `usage: npm run export -- ${EXPORT_USAGE}
  The file for the conference agenda or the yearly report, from the bot's storage (DATA_DIR or REDIS_URL).
  ${EXPORT_OUTPUT}
  CSV is UTF-8 with BOM, cells starting with = + - @ neutralised; XLSX has text, number and date cells.`;

/**
 * npm run export -- --kind concern --conference doi-thoai-2026 --format xlsx --out FILE (src/cli/export.ts
 * runs it on the process's arguments, environment and streams): the file for the conference
 * agenda or the yearly report. Any error is one line on stderr and a non-zero exit code, which it
 * returns. The CSV written to standard output goes to the process's own.
 */
export function runExport(argv: string[], io: CliIo): Promise<0 | 1 | 2> {
  return runCliCommand('export failed', () => main(argv, io), io.stderr);
}

async function main(argv: string[], io: CliIo): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parseExportArgs(argv, 'npm run export -- --help shows the options');
  checkExportTarget(options.out, 'export');
  const { storage } = await openCliStorage({}, io.env);
  let file: ExportFile;
  try {
    file = await exportTickets(await new TicketService(storage.tickets).all(), options);
  } finally {
    await storage.close().catch(() => undefined);
  }
  const written = await writeExport(file, options.out);
  if (written !== undefined) io.stdout.write(`${written}\n`);
}
