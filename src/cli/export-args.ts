import { z } from 'zod';
import type { ExportRequest } from '../tickets/export/export-tickets.js';
import { fail } from './load-for-cli.js';

export const EXPORT_USAGE = '--kind concern|difficulty|question [--conference ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --format csv|xlsx [--lang vi|en] [--out FILE]';

const schema = z.object({
  kind: z.enum(['concern', 'difficulty', 'question']).optional(),
  conferenceId: z.string().min(1).max(60).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-31').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-31').optional(),
  format: z.enum(['csv', 'xlsx']),
  locale: z.enum(['vi', 'en']).default('vi'),
  out: z.string().min(1).optional(),
});

/** Reads the export options (validated; a wrong one stops with the reason on stderr). */
export function parseExportArgs(argv: string[]): ExportRequest & { out?: string } {
  const raw: Record<string, string> = {};
  const names: Record<string, string> = { '--kind': 'kind', '--conference': 'conferenceId', '--from': 'from', '--to': 'to', '--format': 'format', '--lang': 'locale', '--out': 'out' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i]!];
    if (!name || argv[i + 1] === undefined) fail(`unexpected argument ${argv[i]}\nexport ${EXPORT_USAGE}`);
    raw[name] = argv[i + 1]!;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) fail(`${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}\nexport ${EXPORT_USAGE}`);
  return parsed.data;
}
