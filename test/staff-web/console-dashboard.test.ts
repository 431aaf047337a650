import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { DashboardData } from '../../src/staff-web/dashboard/dashboard-data.js';
import { dashboardText } from '../../src/staff-web/dashboard/dashboard-text.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { runCli } from '../cli/cli-process.js';
import { localesDir } from '../support/fixtures.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
const draft = (over: Partial<TicketDraft>): TicketDraft => ({
  kind: 'difficulty', memberId: 'web:m1', locale: 'vi', topic: 'credit', cooperative: 'HTX Đồng Tâm', role: 'manager', commune: 'Xã Tân Yên',
  content: 'Thiếu vốn', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null, ...over,
});

/** The figures the page carries for its charts. */
const pageFigures = (html: string) => JSON.parse(/<script type="application\/json" id="dashboard-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as DashboardData;

describe('the staff dashboard', () => {
  let app: TestApp;
  const days = { from: '2026-11-01', to: '2026-11-30' };

  beforeAll(async () => {
    app = await startTestApp({}, { keepData: false });
    await app.storage.accounts.create({ login: 'ha', name: 'Hà', role: 'staff', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    await app.tickets.file(draft({ commune: 'Xã Tân Yên', topic: 'market' }));
    await app.tickets.file(draft({ kind: 'question', commune: 'Phường Bắc Giang', topic: 'tax' }));
    await app.tickets.file(draft({ kind: 'concern', commune: null, topic: 'land' }));
    await app.tickets.staffReply('KK-2026-0001', { kind: 'staff', name: 'Hà' }, 'Liên minh sẽ hỗ trợ');
    await app.tickets.close('KK-2026-0001', { kind: 'staff', name: 'Hà' }, 'xong');
  });
  afterAll(async () => app?.close());

  it('shows for a range of days the same figures as npm run staff -- stats for that range', async () => {
    const staff = consoleClient(app.baseUrl);
    await staff.login('ha', PASSWORD);
    const page = await staff.get(`/staff/dashboard?from=${days.from}&to=${days.to}`);
    expect(page.status).toBe(200);
    const figures = pageFigures(page.text);
    expect(figures.total).toBe(3);
    expect(figures.openClosed).toEqual({ open: 2, closed: 1 });
    expect(page.text).toContain('data-figure="total">3<');
    const cli = await runCli('staff', ['stats', '--from', days.from, '--to', days.to], { env: { DATA_DIR: app.dataDir } });
    expect(cli.status).toBe(0);
    // The CLI prints the very figures the page was drawn from.
    expect(cli.stdout.toString('utf8').trim()).toBe(dashboardText(figures, createTranslator(localesDir)('vi')).trim());
  });

  it('counts a ticket filed since the last view (the figures are never stale)', async () => {
    const staff = consoleClient(app.baseUrl);
    await staff.login('ha', PASSWORD);
    const before = pageFigures((await staff.get(`/staff/dashboard?from=${days.from}&to=${days.to}`)).text).total;
    await app.tickets.file(draft({ commune: 'Xã Lục Nam' }));
    const after = pageFigures((await staff.get(`/staff/dashboard?from=${days.from}&to=${days.to}`)).text);
    expect(after.total).toBe(before + 1);
    expect(after.byCommune.top.map((c) => c.commune)).toContain('Xã Lục Nam');
  });

  it('sees a ticket closed by another process (the staff CLI) since the last view', async () => {
    const staff = consoleClient(app.baseUrl);
    await staff.login('ha', PASSWORD);
    const before = pageFigures((await staff.get(`/staff/dashboard?from=${days.from}&to=${days.to}`)).text).openClosed;
    const closed = await runCli('staff', ['close', 'CH-2026-0001', 'Đã trả lời qua điện thoại'], { env: { DATA_DIR: app.dataDir } });
    expect(closed.status).toBe(0);
    const after = pageFigures((await staff.get(`/staff/dashboard?from=${days.from}&to=${days.to}`)).text).openClosed;
    expect(after).toEqual({ open: before.open - 1, closed: before.closed + 1 });
  });

  it('says so when the days asked for are not days, and shows the last 12 months instead', async () => {
    const staff = consoleClient(app.baseUrl);
    await staff.login('ha', PASSWORD);
    const wrong = await staff.get('/staff/dashboard?from=2026-02-30');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Ngày không hợp lệ');
    const reversed = await staff.get('/staff/dashboard?from=2026-11-30&to=2026-11-01');
    expect(reversed.text).toContain('Ngày kết thúc trước ngày bắt đầu');
    expect(pageFigures(reversed.text).total).toBe(4);
  });
});
