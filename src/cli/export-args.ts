import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { ExportFile, ExportRequest } from '../tickets/export/export-tickets.js';
import { vietnamDayStart } from '../tickets/export/ticket-table.js';
import { CliError } from './load-for-cli.js';

/**
 * The export command line, shared by `npm run export` and `npm run staff -- export`: its options,
 * and where the file goes (a file named with --out, or standard output; never a default file).
 */
export const EXPORT_USAGE = '[--kind concern|difficulty|question] [--conference ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] --format csv|xlsx [--lang vi|en] [--out FILE]';

/** Where the export goes, for the usage text. */
export const EXPORT_OUTPUT =
  "Without --out, CSV is written to standard output; through npm add -s (npm run -s … > ho-so.csv), since npm would otherwise print its own lines ahead of the CSV, and the export refuses that. XLSX, a binary file, is refused: give --out FILE. A relative FILE is taken from the folder the command is typed in. --from and --to are days in Vietnam time, both included.";

/** The export options: what to export, and the absolute path of the file (none: standard output). */
export interface ExportOptions extends ExportRequest {
  out?: string;
}

const FLAGS = {
  '--kind': 'kind',
  '--conference': 'conferenceId',
  '--from': 'from',
  '--to': 'to',
  '--format': 'format',
  '--lang': 'locale',
  '--out': 'out',
} as const;
type Field = (typeof FLAGS)[keyof typeof FLAGS];
const flagOf = (field: PropertyKey): string => Object.entries(FLAGS).find(([, f]) => f === field)?.[0] ?? String(field);

const isDay = (day: string): boolean => {
  try {
    vietnamDayStart(day);
    return true;
  } catch {
    return false;
  }
};
const day = z.string().refine(isDay, 'a real date as YYYY-MM-DD, like 2026-01-31');

const schema = z
  .object({
    kind: z.enum(['concern', 'difficulty', 'question'], 'concern, difficulty or question').optional(),
    conferenceId: z.string().min(1, 'a conference id').max(60, 'a conference id of at most 60 characters').optional(),
    from: day.optional(),
    to: day.optional(),
    format: z.enum(['csv', 'xlsx'], 'csv or xlsx'),
    locale: z.enum(['vi', 'en'], 'vi or en').default('vi'),
    out: z.string().min(1, 'a file name').optional(),
  })
  .superRefine((o, ctx) => {
    if (o.from !== undefined && o.to !== undefined && o.to < o.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a day on or after --from ${o.from}` });
    }
  });

/**
 * Reads the export options. A wrong one throws a CliError of one line naming the option, what it
 * expects and what it got (`help` says where the usage is); XLSX without --out is refused.
 */
export function parseExportArgs(argv: string[], help: string): ExportOptions {
  const raw: Partial<Record<Field, string>> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const field = Object.hasOwn(FLAGS, flag) ? FLAGS[flag as keyof typeof FLAGS] : undefined;
    if (field === undefined) throw new CliError(`Unknown option "${flag}" (${help})`, 2);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new CliError(`Option ${flag} needs a value (${help})`, 2);
    raw[field] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] ?? 'format';
    const got = raw[field as Field];
    throw new CliError(
      got === undefined ? `Missing ${flagOf(field)}: ${issue.message}` : `Invalid ${flagOf(field)}: expected ${issue.message} (got "${got}")`,
      2,
    );
  }
  const { out, ...request } = parsed.data;
  if (out === undefined) {
    if (request.format === 'xlsx') throw new CliError('XLSX is a binary file and is never written to standard output: give --out FILE', 2);
    return request;
  }
  return { ...request, out: typedPath(out) };
}

/** A path from the command line, relative to the folder the command is typed in (npm moves to the repository). */
export function typedPath(path: string): string {
  return resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
}

/**
 * Checks, before any work, that the export can go where it is asked to. To a file: its folder
 * exists and is writable, and it is not itself a folder. To standard output: npm has not already
 * written its banner there ("> tro-ly-htx@… export"), which it does for `npm run <script>` unless
 * run silent (-s) — redirected, that banner would sit in front of the CSV's byte order mark.
 * `npmScript` is the package.json script this CLI runs as. Throws a CliError of one line otherwise.
 */
export function checkExportTarget(path: string | undefined, npmScript: string): void {
  if (path === undefined) {
    if (npmBannerInStdout(npmScript)) {
      throw new CliError(`npm has written its own lines into standard output, ahead of the CSV: run npm run -s ${npmScript} -- … (silent), or give --out FILE`, 2);
    }
    return;
  }
  const dir = dirname(path);
  const cannot = (why: string) => new CliError(`Cannot write ${path}: ${why}`);
  const target = statOrUndefined(path);
  if (target?.isDirectory()) throw cannot('it is a folder');
  const folder = statOrUndefined(dir);
  if (folder === undefined) throw cannot(`the folder ${dir} does not exist`);
  if (!folder.isDirectory()) throw cannot(`${dir} is not a folder`);
  if (!writable(dir)) throw cannot(`no permission to write in ${dir}`);
  if (target !== undefined && !writable(path)) throw cannot('no permission to change this file');
}

/** Whether `npm run <npmScript>` without -s started this process with stdout going to a file or a pipe. */
function npmBannerInStdout(npmScript: string): boolean {
  return process.env['npm_lifecycle_event'] === npmScript && process.env['npm_config_loglevel'] !== 'silent' && !process.stdout.isTTY;
}

/**
 * Writes the export to its file, or its bytes to standard output when there is none. Returns the
 * line to print when it went to a file ("<path> (<n> tickets, <bytes> bytes)"), nothing otherwise.
 */
export async function writeExport(file: ExportFile, path: string | undefined): Promise<string | undefined> {
  if (path === undefined) {
    await writeStdout(file.content);
    return undefined;
  }
  try {
    writeFileSync(path, file.content);
  } catch (error) {
    throw new CliError(`Cannot write ${path}: ${writeFailure(error)}`);
  }
  return `${path} (${file.count} tickets, ${file.content.length} bytes)`;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const WRITE_FAILURES: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'its folder does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  EROFS: 'the disk is read-only',
  ENOSPC: 'the disk is full',
};

function writeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && WRITE_FAILURES[code]) ?? (error instanceof Error ? error.message : String(error));
}

/** Writes to standard output; a reader that stops early (… | head) ends the command quietly. */
function writeStdout(content: Buffer): Promise<void> {
  return new Promise((done, failed) => {
    process.stdout.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? process.exit(0) : failed(error)));
    process.stdout.write(content, () => done());
  });
}
