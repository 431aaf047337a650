import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import { exportTickets, type ExportRequest } from '../../src/tickets/export/export-tickets.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { ticketDraft } from '../support/ticket-draft.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';

const draft = ticketDraft;

/** The query string of the console's export form for an export request. */
const formQuery = (r: ExportRequest) =>
  new URLSearchParams({ kind: r.kind ?? '', conference: r.conferenceId ?? '', from: r.from ?? '', to: r.to ?? '', format: r.format, lang: r.locale }).toString();

describe.each(['sqlite', 'redis'] as const)('exports from the staff console, on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  let browser: ReturnType<typeof consoleClient>;
  /** A download as the browser gets it, with the session's cookies. */
  const download = (path: string) => fetch(`${app.baseUrl}${path}`, { headers: { cookie: [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
  const fileAt = (iso: string, over: Partial<TicketDraft>) => app.storage.tickets.create(draft(over), new Date(iso));

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    await app.storage.accounts.create({ login: 'lan', name: 'Nguyễn Thị Lan', role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    browser = consoleClient(app.baseUrl);
    expect((await browser.login('lan', PASSWORD)).status).toBe(303);
    // Tickets on both sides of the range's edges (Vietnam days), of each kind, with a cell Excel would run.
    await fileAt('2026-01-31T16:59:00Z', { content: 'Ngày 31/1 giờ Việt Nam: ngoài khoảng' });
    await fileAt('2026-01-31T17:00:00Z', { content: '=HYPERLINK("http://x","bấm") ngày 1/2 giờ Việt Nam' });
    await fileAt('2026-02-10T03:00:00Z', { kind: 'question', topic: null, content: 'Hỏi về thuế GTGT', cooperative: null });
    await fileAt('2026-02-28T16:59:00Z', { kind: 'concern', conferenceId: 'doi-thoai-2026', content: '+Đề nghị thuê đất, ngày cuối tháng 2' });
    await fileAt('2026-02-28T17:00:00Z', { content: 'Ngày 1/3 giờ Việt Nam: ngoài khoảng' });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('downloads the same CSV as npm run export’s exportTickets for the same options', async () => {
    for (const request of [
      { kind: 'difficulty', from: '2026-02-01', to: '2026-02-28', format: 'csv', locale: 'vi' },
      { from: '2026-02-01', to: '2026-02-28', format: 'csv', locale: 'en' },
      { kind: 'concern', conferenceId: 'doi-thoai-2026', format: 'csv', locale: 'vi' },
    ] satisfies ExportRequest[]) {
      const expected = await exportTickets(await app.tickets.all(), request);
      const res = await download(`/staff/exports/file?${formQuery(request)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${expected.name.replace(/\./g, '\\.')}"`));
      const got = Buffer.from(await res.arrayBuffer());
      expect(got.equals(expected.content), JSON.stringify(request)).toBe(true);
    }
    // The range is of Vietnam days, both included; a formula typed by a member is neutralised.
    const csv = Buffer.from(await (await download(`/staff/exports/file?${formQuery({ from: '2026-02-01', to: '2026-02-28', format: 'csv', locale: 'vi' })}`)).arrayBuffer()).toString('utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv).not.toContain('ngoài khoảng');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""bấm"") ngày 1/2 giờ Việt Nam"`);
  });

  it('downloads an XLSX holding the same cells as exportTickets gives', async () => {
    const request: ExportRequest = { from: '2026-02-01', format: 'xlsx', locale: 'vi' };
    const res = await download(`/staff/exports/file?${formQuery(request)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const cells = async (content: ArrayBuffer | Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(content as ArrayBuffer);
      const rows: unknown[] = [];
      book.worksheets[0]!.eachRow((row) => rows.push(row.values));
      return rows;
    };
    const expected = await exportTickets(await app.tickets.all(), request);
    const got = await cells(await res.arrayBuffer());
    expect(got).toEqual(await cells(expected.content));
    expect(got).toHaveLength(5);
  });

  it('refuses a day that does not exist, or a range that ends before it starts, in a sentence on the page', async () => {
    const bad = await browser.get('/staff/exports/file?kind=&from=2026-02-30&to=2026-03-05&format=csv&lang=vi');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Từ ngày «2026-02-30» không phải một ngày có thật; hãy chọn trong lịch hoặc nhập dạng năm-tháng-ngày, VD 2026-01-31.');
    expect(bad.text).toMatch(/<input id="ex-from" name="from" type="date" value="2026-02-30" aria-invalid="true" aria-describedby="ex-from-problem">/);
    expect(bad.text).toContain('value="2026-03-05"');
    const reversed = await browser.get('/staff/exports/file?from=2026-03-01&to=2026-01-01&format=xlsx&lang=vi');
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('Đến ngày (2026-01-01) phải bằng hoặc sau Từ ngày (2026-03-01).');
    expect(reversed.text).toMatch(/id="ex-format-xlsx" type="radio" name="format" value="xlsx" checked/);
    const typed = await browser.get('/staff/exports/file?from=31/01/2026&format=csv');
    expect(typed.status).toBe(400);
    expect(typed.text).toContain('Từ ngày «31/01/2026» không phải một ngày có thật');
  });

  it('previews what the file will hold, with HTML in a ticket shown as text', async () => {
    await fileAt('2026-04-02T03:00:00Z', { cooperative: '<script>alert(1)</script>', content: '<img src=x onerror=alert(1)> giá rau' });
    const page = await browser.get('/staff/exports?kind=difficulty&from=2026-04-01&to=2026-04-30&format=csv&lang=vi');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tệp sẽ có 1 hồ sơ');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt; giá rau');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(page.text).not.toContain('<img src=x');
    // The form keeps the options, and its labelled fields are there for the next download.
    for (const label of ['<label for="ex-kind">Loại hồ sơ</label>', '<label for="ex-from">Từ ngày</label>', '<label for="ex-to">Đến ngày</label>', '<legend>Định dạng tệp</legend>']) expect(page.text).toContain(label);
    expect(page.text).toMatch(/<option value="difficulty" selected>/);
  });
});
