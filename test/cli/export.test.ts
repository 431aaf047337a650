import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { expectOneLineError, removeTempDirs, runCli, runCliInProcess, runProcess, seededDataDir, tempDir, type CliRun } from './cli-process.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** Files an export could leave in the repository folder. */
const exportFilesInRepo = () => readdirSync(repoRoot).filter((f) => /\.(csv|xlsx)$/i.test(f));

let dataDir: string;
let outDir: string;
const exportCli = (args: string[], env: Record<string, string> = {}) => runCli('export', args, { env: { DATA_DIR: dataDir, ...env } });
/** The same run in this process (same code, output and exit code), for what writes nothing to standard output but the usage. */
const exportInProcess = (args: string[]) => runCliInProcess('export', args, { env: { DATA_DIR: dataDir } });

beforeAll(async () => {
  dataDir = await seededDataDir();
  outDir = tempDir('htx-cli-out-');
});
afterAll(removeTempDirs);

async function readSheet(path: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets[0]!;
}

/** The cells of a row by header (row 1 holds the headers). */
function rowByHeader(sheet: ExcelJS.Worksheet, row: number): Record<string, ExcelJS.Cell> {
  const cells: Record<string, ExcelJS.Cell> = {};
  sheet.getRow(1).eachCell((header, col) => {
    cells[String(header.value)] = sheet.getRow(row).getCell(col);
  });
  return cells;
}

describe('npm run export: where the file goes', () => {
  it('writes CSV to standard output without --out, and no file into the repository', async () => {
    const before = exportFilesInRepo();
    const run = await exportCli(['--kind', 'concern', '--format', 'csv']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.subarray(0, 3)).toEqual(BOM);
    const text = run.stdout.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^Mã,Loại,Trạng thái,/);
    expect(text).toContain('KN-2026-0001');
    expect(text).not.toContain('KK-2026-0001');
    expect(exportFilesInRepo()).toEqual(before);
  });

  it('refuses XLSX without --out in one line, writing nothing anywhere', async () => {
    const before = exportFilesInRepo();
    const run = await exportCli(['--format', 'xlsx']);
    expectOneLineError(run, 2, 'XLSX is a binary file and is never written to standard output: give --out FILE');
    expect(exportFilesInRepo()).toEqual(before);
  });

  it('takes a relative --out from the folder the command was typed in, not the repository', async () => {
    const typedIn = tempDir('htx-cli-cwd-');
    const run = await exportCli(['--format', 'csv', '--out', 'ho-so.csv'], { INIT_CWD: typedIn });
    expect(run.status).toBe(0);
    expect(run.stdout.toString('utf8')).toBe(`${join(typedIn, 'ho-so.csv')} (2 tickets, ${readFileSync(join(typedIn, 'ho-so.csv')).length} bytes)\n`);
    expect(existsSync(join(repoRoot, 'ho-so.csv'))).toBe(false);
  });

  it('says which folder does not exist, in one line, before touching the storage', async () => {
    const missing = join(outDir, 'khong-co', 'ho-so.xlsx');
    const run = await exportCli(['--format', 'xlsx', '--out', missing], { DATA_DIR: join(outDir, 'no-data-either') });
    expectOneLineError(run, 1, `Cannot write ${missing}: the folder ${join(outDir, 'khong-co')} does not exist`);
  });

  it('refuses a folder it may not write into, in one line', async () => {
    const locked = join(outDir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    // root may write anywhere: run the export as "nobody" to meet the permission.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = await runCli('export', ['--format', 'csv', '--out', join(locked, 'ho-so.csv')], { env: { DATA_DIR: dataDir }, ...asUser });
    expectOneLineError(run, 1, `Cannot write ${join(locked, 'ho-so.csv')}: no permission to write in ${locked}`);
    expect(existsSync(join(locked, 'ho-so.csv'))).toBe(false);
  });

  it('refuses an --out that is a folder, or inside a file', async () => {
    const file = join(outDir, 'a-file.txt');
    writeFileSync(file, 'x');
    const [folder, underFile] = await Promise.all([
      exportCli(['--format', 'csv', '--out', outDir]),
      exportCli(['--format', 'csv', '--out', join(file, 'ho-so.csv')]),
    ]);
    expectOneLineError(folder, 1, `Cannot write ${outDir}: it is a folder`);
    expectOneLineError(underFile, 1, `Cannot write ${join(file, 'ho-so.csv')}: ${file} is not a folder`);
  });

  it('through npm without -s refuses CSV on a pipe (npm\'s banner would head the file), and with -s writes it clean', async () => {
    const env = { DATA_DIR: dataDir };
    const [loud, silent] = await Promise.all([
      runProcess('npm', ['run', 'export', '--', '--format', 'csv'], { env }),
      runProcess('npm', ['run', '-s', 'export', '--', '--format', 'csv'], { env }),
    ]);
    expect(loud.status).not.toBe(0);
    expect(loud.stderr).toContain('npm has written its own lines into standard output, ahead of the CSV: run npm run -s export -- … (silent), or give --out FILE');
    expect(loud.stdout.toString('utf8')).not.toContain('KN-2026-0001');
    expect(silent.status).toBe(0);
    expect(silent.stdout.subarray(0, 3)).toEqual(BOM);
    expect(silent.stdout.toString('utf8')).toContain('KN-2026-0001');
  });
});

describe.concurrent('npm run export: arguments', () => {
  const cases: Array<[string, string[], string]> = [
    ['a date that does not exist', ['--format', 'csv', '--from', '2026-13-40'], 'Invalid --from: expected a real date as YYYY-MM-DD, like 2026-01-31 (got "2026-13-40")'],
    ['30 February', ['--format', 'csv', '--to', '2026-02-30'], 'Invalid --to: expected a real date as YYYY-MM-DD, like 2026-01-31 (got "2026-02-30")'],
    ['a date written the Vietnamese way', ['--format', 'csv', '--from', '01/03/2026'], 'Invalid --from: expected a real date as YYYY-MM-DD, like 2026-01-31 (got "01/03/2026")'],
    ['--to before --from', ['--format', 'csv', '--from', '2026-03-01', '--to', '2026-01-31'], 'Invalid --to: expected a day on or after --from 2026-03-01 (got "2026-01-31")'],
    ['no --format', ['--kind', 'concern'], 'Missing --format: csv or xlsx'],
    ['an unknown format', ['--format', 'pdf'], 'Invalid --format: expected csv or xlsx (got "pdf")'],
    ['an unknown option', ['--format', 'csv', '--year', '2026'], 'Unknown option "--year" (npm run export -- --help shows the options)'],
    ['an option without its value', ['--format', 'csv', '--out'], 'Option --out needs a value (npm run export -- --help shows the options)'],
  ];
  it.for(cases)('refuses %s in one line, exit 2', async ([, args, message], { expect }) => {
    expectOneLineError(await exportInProcess(args), 2, message, expect);
  });

  it('prints the usage, saying where the output goes, on --help', async ({ expect }) => {
    const run = await exportInProcess(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout.toString('utf8')).toContain('Without --out, CSV is written to standard output');
    expect(run.stdout.toString('utf8')).toContain('XLSX, a binary file, is refused: give --out FILE');
  });

  it('keeps the days asked for, both ends included, in Vietnam time', async ({ expect }) => {
    const run = await exportCli(['--format', 'csv', '--from', '2026-04-20', '--to', '2026-04-20']);
    const text = run.stdout.toString('utf8');
    expect(text).toContain('KK-2026-0001');
    expect(text).not.toContain('KN-2026-0001');
  });
});

describe('npm run export: XLSX', () => {
  let run: CliRun;
  let sheet: ExcelJS.Worksheet;
  const path = () => join(outDir, 'ho-so.xlsx');

  beforeAll(async () => {
    run = await exportCli(['--format', 'xlsx', '--out', path()]);
    sheet = await readSheet(path());
  });

  it('says where it wrote the file and how many tickets it holds', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.toString('utf8')).toMatch(new RegExp(`^${path()} \\(2 tickets, \\d+ bytes\\)\\n$`));
  });

  it('has the phone as a text cell without an apostrophe', () => {
    const phone = rowByHeader(sheet, 2)['Số điện thoại']!;
    expect(phone.type).toBe(ExcelJS.ValueType.String);
    expect(phone.value).toBe('+84912345678');
  });

  it('has dates as Excel dates in Vietnam time, shown d/m/yyyy hh:mm', () => {
    const row = rowByHeader(sheet, 2);
    for (const header of ['Ngày tạo', 'Trả lời lần đầu', 'Ngày đóng']) {
      expect(row[header]!.type).toBe(ExcelJS.ValueType.Date);
      expect(row[header]!.numFmt).toBe('d/m/yyyy hh:mm');
    }
    expect((row['Ngày tạo']!.value as Date).toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect((row['Ngày đóng']!.value as Date).toISOString()).toBe('2026-03-11T08:30:00.000Z');
  });

  it('has the rating as a number', () => {
    const rating = rowByHeader(sheet, 2)['Đánh giá']!;
    expect(rating.type).toBe(ExcelJS.ValueType.Number);
    expect(rating.value).toBe(5);
  });

  it('has a formula typed by a member as plain text, with no control characters', () => {
    const content = rowByHeader(sheet, 2)['Nội dung']!;
    expect(content.type).toBe(ExcelJS.ValueType.String);
    expect(content.value).toBe('=HYPERLINK("http://x","bấm") và vay vốn\nmua máy');
  });
});
