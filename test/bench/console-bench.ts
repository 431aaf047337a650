/**
 * The staff console's storage side with 50,000 tickets on each store: the queue's first page, a
 * filtered page, a text search, and one ticket with its history, timed through the store the app uses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS, type Topic } from '../../src/knowledge/topics.js';
import { openRedisStorage } from '../../src/storage/redis/redis-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/ports.js';
import type { Ticket, TicketEvent, TicketKind, TicketState } from '../../src/tickets/ticket.js';
import type { TicketDraft, TicketQuery } from '../../src/tickets/ticket-store.js';
import { startRedis } from '../support/redis-server.js';
import { loadDashboard } from '../../src/staff-web/dashboard/load-dashboard.js';
import { ticketSnapshot } from '../../src/staff-web/dashboard/ticket-snapshot.js';
import { changeWatcher, WATCH_EVERY_MS } from '../../src/staff-web/live/change-watcher.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { vietnamDay } from '../../src/time/vietnam-time.js';

const DAY = 86_400_000;
const OPEN: TicketState[] = ['new', 'in-progress', 'answered'];
const STAFF = ['Lan', 'Minh', 'Hùng', 'Thu', 'Hương', 'Tuấn', 'Ngọc', 'Phương'];
const COOP_KINDS = ['HTX Nông nghiệp', 'HTX Dịch vụ tổng hợp', 'HTX Rau an toàn', 'HTX Chăn nuôi', 'HTX Vải thiều', 'HTX Thủy sản', 'HTX Mây tre đan', 'Tổ hợp tác'];
const COOP_NAMES = ['Đồng Tâm', 'Quế Sơn', 'Yên Dũng', 'Phúc Hòa', 'Tân Yên', 'Lục Ngạn', 'Thuận Thành', 'Hiệp Hòa', 'Kinh Bắc', 'Đông Phú', 'Xuân Lương', 'Bảo Đài'];
const SUBJECTS = [
  'Khó khăn về vốn lưu động cho vụ vải',
  'Xin hỗ trợ mua máy sấy nông sản',
  'Hỏi thủ tục vay vốn ưu đãi tại ngân hàng chính sách',
  'Đất thuê làm nhà xưởng chưa được gia hạn',
  'Sản phẩm OCOP cần hỗ trợ bao bì và tem truy xuất',
  'Thuế giá trị gia tăng khi bán hàng cho doanh nghiệp',
  'Cần lớp tập huấn kế toán cho cán bộ hợp tác xã',
  'Đường nội đồng xuống cấp, xe chở hàng không vào được',
  'Bảo hiểm xã hội cho người lao động trẻ',
  'Giá phân bón tăng, thành viên không đủ vốn',
  'Xin hỗ trợ chuyển đổi số, bán hàng trên sàn thương mại điện tử',
  'Hỏi về điều kiện thành lập hợp tác xã mới',
];
const DETAILS = [
  'cho {n} hộ thành viên',
  'từ đầu vụ đến nay',
  'đã gửi hồ sơ lên xã nhưng chưa có trả lời',
  'mong Liên minh hướng dẫn',
  'diện tích khoảng {n} ha',
  'cần gấp trước mùa thu hoạch',
  'thành viên đề nghị họp bàn',
];
const FOLLOW_UPS = ['Tôi gửi thêm ảnh hồ sơ', 'Bao giờ có kết quả ạ?', 'Xã đã xác nhận, gửi lại bản chụp', 'Cảm ơn, tôi chờ tin'];
const ANSWERS = ['Liên minh đã nhận và chuyển phòng nghiệp vụ', 'Đề nghị HTX bổ sung biên bản họp thành viên', 'Hồ sơ đủ điều kiện, sẽ có lịch làm việc tuần sau'];

/** A small deterministic generator (a linear congruential one: plenty for test data). */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!, int: (n: number) => Math.floor(next() * n) };
}

function communes(): string[] {
  const text = readFileSync(new URL('../../flows/communes.yaml', import.meta.url), 'utf8');
  return [...text.matchAll(/- name: ([^#\n]+?)\s*(?:#.*)?\n\s+type: (xa|phuong)/g)].map((m) => `${m[2] === 'xa' ? 'Xã' : 'Phường'} ${m[1]}`);
}

interface Seeded {
  codes: string[];
  withEvents: string[];
  open: number;
}

/**
 * Files `count` tickets spread over two years (kinds, topics, communes, cooperatives varied; about
 * 60% closed, an open queue of about 40%, staff assigned, some urgent, some with a member who wrote
 * again), 20% of them with 2–6 events. Through the store in batches, not one ticket at a time.
 */
export async function seedTickets(storage: Storage, count: number, now: Date, seed = 1): Promise<Seeded> {
  const places = communes();
  const seeded: Seeded = { codes: [], withEvents: [], open: 0 };
  // Many filings at once, as from many members (the app's Redis client times out a command queued
  // for over a second, so not all of them at once).
  let next = 0;
  const worker = async () => {
    while (next < count) {
      // Each ticket from its own number, so both stores hold the same tickets whatever the interleaving.
      const rnd = random(seed * 1_000_003 + next++);
      const p = plan(rnd, places, now);
      const t = await storage.tickets.create(p.draft, p.at);
      const { ticket, events } = progress(t, p, rnd);
      seeded.codes.push(t.code);
      if (events.length > 0) seeded.withEvents.push(t.code);
      if (ticket.state !== 'closed') seeded.open++;
      if (ticket.state !== 'new' || events.length > 0 || ticket.memberWroteAgain) await storage.tickets.update(ticket, events);
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return seeded;
}

interface Plan {
  draft: TicketDraft;
  at: Date;
  state: TicketState;
  events: boolean;
}

function plan(rnd: ReturnType<typeof random>, places: string[], now: Date): Plan {
  const kind: TicketKind = rnd.next() < 0.5 ? 'difficulty' : rnd.next() < 0.6 ? 'question' : 'concern';
  const detail = rnd.pick(DETAILS).replace('{n}', String(2 + rnd.int(60)));
  const roll = rnd.next();
  const state: TicketState = roll < 0.6 ? 'closed' : roll < 0.75 ? 'new' : roll < 0.87 ? 'in-progress' : 'answered';
  return {
    at: new Date(now.getTime() - rnd.int(730 * DAY)),
    state,
    events: rnd.next() < 0.2,
    draft: {
      kind,
      memberId: `${rnd.pick(['telegram', 'zalo', 'web'])}:${rnd.int(40_000)}`,
      locale: rnd.next() < 0.95 ? 'vi' : 'en',
      topic: rnd.next() < 0.05 ? null : (rnd.pick(TOPICS) as Topic),
      cooperative: `${rnd.pick(COOP_KINDS)} ${rnd.pick(COOP_NAMES)}`,
      role: rnd.pick(['manager', 'member', 'other'] as const),
      commune: rnd.pick(places),
      content: `${rnd.pick(SUBJECTS)}, ${detail}. ${rnd.next() < 0.5 ? rnd.pick(SUBJECTS) : ''}`.trim(),
      phone: rnd.next() < 0.6 ? `+8491${String(rnd.int(10_000_000)).padStart(7, '0')}` : null,
      consentToContact: rnd.next() < 0.6,
      urgency: kind === 'question' ? null : rnd.next() < 0.1 ? 'urgent' : 'normal',
      photos: rnd.next() < 0.2 ? [`AgACAgUAAxkBAAI${rnd.int(1e9)}`] : [],
      conferenceId: kind === 'concern' ? 'HN-2026' : null,
    },
  };
}

/** The ticket as staff left it in its planned state, and the events that got it there (when it has them). */
function progress(t: Ticket, p: Plan, rnd: ReturnType<typeof random>): { ticket: Ticket; events: TicketEvent[] } {
  const at = (hours: number) => new Date(Date.parse(t.createdAt) + hours * 3_600_000).toISOString();
  const staff = rnd.pick(STAFF);
  const answered = p.state === 'answered' || (p.state === 'closed' && rnd.next() < 0.9);
  const ticket: Ticket = {
    ...t,
    state: p.state,
    assignee: p.state === 'new' ? null : staff,
    firstAnsweredAt: answered ? at(20 + rnd.int(100)) : null,
    closedAt: p.state === 'closed' ? at(200) : null,
    rating: p.state === 'closed' && rnd.next() < 0.4 ? 1 + rnd.int(5) : null,
    memberWroteAgain: p.state !== 'closed' && rnd.next() < 0.1,
    updatedAt: at(200),
  };
  if (!p.events) return { ticket, events: [] };
  const event = (hours: number, actor: string, type: TicketEvent['type'], text: string | null): TicketEvent => ({ code: t.code, at: at(hours), actor, type, text });
  const events = [event(2, `staff:${staff}`, 'taken', null)];
  for (let i = 0, n = 1 + rnd.int(5); i < n; i++) {
    const r = rnd.next();
    events.push(
      r < 0.4
        ? event(10 + i, 'member', 'member-message', rnd.pick(FOLLOW_UPS))
        : r < 0.8
          ? event(10 + i, `staff:${staff}`, 'staff-reply', rnd.pick(ANSWERS))
          : event(10 + i, `staff:${staff}`, 'note', 'Đã gọi điện cho HTX'),
    );
  }
  return { ticket, events };
}

/** p50 and p95 of `samples` timed runs of `run(i)` after a few untimed ones, in milliseconds. */
async function time(samples: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await run(i);
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(samples * 0.5)]!, p95: ms[Math.min(samples - 1, Math.floor(samples * 0.95))]! };
}

export interface ConsoleFigures {
  store: 'sqlite' | 'redis';
  tickets: number;
  open: number;
  seedSeconds: number;
  firstPage: { p50: number; p95: number };
  filtered: { p50: number; p95: number };
  search: { p50: number; p95: number };
  ticket: { p50: number; p95: number };
  /** The dashboard's figures for the last 365 days (every seeded ticket): read the stores, compute. */
  dashboard: { p50: number; p95: number };
  /** The same with no ticket changed since the last view (the tickets are not read again). */
  dashboardWarm: { p50: number; p95: number };
  /** Reading all the tickets: what a process does once, at start. */
  dashboardFirst: { p50: number; p95: number };
  /** From a ticket filed to an open queue page's server being told (the change watcher). */
  live: { p50: number; p95: number };
}

/** Files tickets one at a time and measures how long until the change watcher (what feeds the queue's server-sent events) tells its listener. */
async function liveLatency(storage: Storage, samples = 20): Promise<{ p50: number; p95: number }> {
  const tickets = new TicketService(storage.tickets);
  const watcher = changeWatcher(storage.ticketChanges);
  let told: (() => void) | undefined;
  const stop = watcher.subscribe(() => told?.());
  // The watcher's timer does not hold a process open (the app's server does); here this one does.
  const keepAlive = setInterval(() => undefined, 1000);
  await new Promise((r) => setTimeout(r, WATCH_EVERY_MS * 2));
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const heard = new Promise<void>((resolve) => (told = resolve));
    const t0 = performance.now();
    await tickets.file({ kind: 'difficulty', memberId: `web:live-${i}`, locale: 'vi', topic: 'credit', cooperative: 'HTX Live', role: 'manager', commune: null, content: 'Thiếu vốn', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null });
    await heard;
    ms.push(performance.now() - t0);
    // Spread the filings over the watcher's period, as members' tickets arrive at any moment.
    await new Promise((r) => setTimeout(r, 37 + (i * 53) % WATCH_EVERY_MS));
  }
  stop();
  clearInterval(keepAlive);
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(samples * 0.5)]!, p95: ms[Math.min(samples - 1, Math.floor(samples * 0.95))]! };
}

/** Seeds `count` tickets into a fresh store of each kind and times what the console asks of it. */
export async function measureConsoleStores(count = 50_000, samples = 200): Promise<ConsoleFigures[]> {
  const now = new Date();
  // An approximate service-level cutoff (the app takes it from the service-level rule); the cost of a page does not depend on it.
  const overdueBefore = new Date(now.getTime() - 3 * DAY).toISOString();
  const figures: ConsoleFigures[] = [];
  for (const store of ['sqlite', 'redis'] as const) {
    const dir = store === 'sqlite' ? mkdtempSync(join(tmpdir(), 'htx-bench-console-')) : undefined;
    const server = store === 'redis' ? await startRedis() : undefined;
    const storage: Storage = dir ? openSqliteStorage(dir) : await openRedisStorage(server!.url);
    try {
      const t0 = performance.now();
      const seeded = await seedTickets(storage, count, now);
      const seedSeconds = (performance.now() - t0) / 1000;
      const rnd = random(7);
      const places = communes();
      const filters: Array<() => Partial<TicketQuery>> = [
        () => ({ commune: rnd.pick(places) }),
        () => ({ kind: rnd.pick(['concern', 'difficulty', 'question'] as const), topic: rnd.pick(TOPICS) as Topic }),
        () => ({ assignee: rnd.pick(STAFF) }),
        () => ({ assignee: null, urgency: 'urgent' }),
        () => ({ memberWroteAgain: true }),
      ];
      const searches = [...COOP_NAMES, 'máy sấy', 'vay von', 'OCOP bao bi', 'dat thue nha xuong', 'bảo hiểm'];
      const snapshot = ticketSnapshot(storage.tickets, storage.ticketChanges);
      const service = new TicketService(storage.tickets);
      const yearRange = { from: vietnamDay(new Date(now.getTime() - 365 * DAY)).day, to: vietnamDay(now).day };
      const queue = (q: Partial<TicketQuery>) => storage.tickets.page({ states: OPEN, overdueBefore, offset: 0, limit: 50, ...q });
      figures.push({
        store,
        tickets: seeded.codes.length,
        open: seeded.open,
        seedSeconds,
        firstPage: await time(samples, () => queue({})),
        filtered: await time(samples, () => queue(rnd.pick(filters)())),
        // A search looks through every state (a code or a cooperative named on the phone may be closed).
        search: await time(samples, (i) => storage.tickets.page({ text: i % 4 === 0 ? rnd.pick(seeded.codes) : rnd.pick(searches), overdueBefore, offset: 0, limit: 50 })),
        ticket: await time(samples, async () => {
          const code = rnd.next() < 0.5 ? rnd.pick(seeded.withEvents) : rnd.pick(seeded.codes);
          await Promise.all([storage.tickets.get(code), storage.tickets.history(code)]);
        }),
        // After a change: a member files a ticket (and staff answer another) between two views.
        dashboard: await time(10, async (i) => {
          const filed = await service.file({ kind: 'difficulty', memberId: `web:dash-${i}`, locale: 'vi', topic: 'market', cooperative: 'HTX Bench', role: 'member', commune: null, content: 'Giá rau giảm', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null });
          await service.staffReply(filed.code, { kind: 'staff', name: 'Bench' }, 'Đã nhận');
          await loadDashboard({ tickets: snapshot, insights: storage.insights, serviceLevelDays: 3 }, yearRange, now);
        }),
        // The first view in a process that has not read the tickets yet (the console reads them at start).
        dashboardFirst: await time(3, () => loadDashboard({ tickets: ticketSnapshot(storage.tickets, storage.ticketChanges), insights: storage.insights, serviceLevelDays: 3 }, yearRange, now)),
        dashboardWarm: await time(10, () => loadDashboard({ tickets: snapshot, insights: storage.insights, serviceLevelDays: 3 }, yearRange, now)),
        live: await liveLatency(storage),
      });
    } finally {
      await storage.close();
      await server?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

/** `npm run bench -- --only console`: the lines of this part, with the targets of issue 10. */
export async function consoleBench(count = 50_000): Promise<void> {
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const f = (n: number) => n.toFixed(n < 10 ? 2 : 1);
  const ms = (x: { p50: number; p95: number }) => `p50 ${f(x.p50)} ms   p95 ${f(x.p95)} ms`;
  console.log(`\n## Staff console storage (${count.toLocaleString('en')} tickets on each store)`);
  for (const f of await measureConsoleStores(count)) {
    const name = f.store.padEnd(6);
    console.log(`${name} seeded ${f.tickets.toLocaleString('en')} tickets (${f.open.toLocaleString('en')} open) in ${f.seedSeconds.toFixed(1)} s`);
    console.log(`${name} queue, first page (50, no filter)    ${ms(f.firstPage)}   target p95 < 150 ms  ${mark(f.firstPage.p95 < 150)}`);
    console.log(`${name} queue, filtered page                ${ms(f.filtered)}   target p95 < 150 ms  ${mark(f.filtered.p95 < 150)}`);
    console.log(`${name} queue, text search (all states)     ${ms(f.search)}   target p95 < 150 ms  ${mark(f.search.p95 < 150)}`);
    console.log(`${name} ticket, get + history               ${ms(f.ticket)}   target p95 < 100 ms  ${mark(f.ticket.p95 < 100)}`);
    console.log(`${name} dashboard, a year, after changes   ${ms(f.dashboard)}   target < 500 ms  ${mark(f.dashboard.p95 < 500)}`);
    console.log(`${name} dashboard, a year, nothing changed ${ms(f.dashboardWarm)}   target < 500 ms  ${mark(f.dashboardWarm.p95 < 500)}`);
    console.log(`${name} dashboard tickets read at start     ${ms(f.dashboardFirst)}   (once per process, before the first view)`);
    console.log(`${name} new ticket → open queue told        ${ms(f.live)}   target < 1 s  ${mark(f.live.p95 < 1000)}`);
  }
}
