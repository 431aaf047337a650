import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

const PASSWORD = 'mat-khau-dai-du-10';
const draft = (over: Partial<TicketDraft>): TicketDraft => ({
  kind: 'difficulty', memberId: 'web:m1', locale: 'vi', topic: 'credit', cooperative: 'HTX Nông nghiệp Đồng Tâm', role: 'manager', commune: 'Xã Tân Yên',
  content: 'Thiếu vốn lưu động cho vụ vải', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null, ...over,
});

/** The codes of the queue's rows, in order. */
const codes = (html: string) => [...html.matchAll(/href="\/staff\/tickets\/([A-Z]{2}-\d{4}-\d{4})"/g)].map((m) => m[1]);

/** Reads a server-sent event stream until an event named `name` arrives; resolves with its data. */
async function nextEvent(url: string, cookie: string, name: string, whileWaiting: () => Promise<void>): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  await new Promise((r) => setTimeout(r, 600)); // the watcher has read the starting number
  await whileWaiting();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      const match = new RegExp(`event: ${name}\\ndata: (.*)\\n`).exec(buffer);
      if (match) return match[1]!;
    }
  } finally {
    controller.abort();
  }
}

describe.each(['sqlite', 'redis'] as const)('the staff queue, on %s', (store) => {
  let app: TestApp;
  let second: TestApp | undefined;
  let redis: RedisProcess | undefined;

  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    const env: Record<string, string> = redis ? { REDIS_URL: redis.url } : {};
    app = await startTestApp(env);
    // Two processes behind one address (Redis): whichever answers, the session and the live queue work.
    if (redis) second = await startTestApp(env);
    await app.storage.accounts.create({ login: 'ha', name: 'Hà', role: 'admin', passwordHash: await hashPassword(PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    await app.tickets.file(draft({ cooperative: 'HTX Rau an toàn Yên Dũng', content: 'Thương lái ép giá rau', topic: 'market' }));
    await app.tickets.file(draft({ kind: 'question', urgency: 'urgent', commune: 'Phường Bắc Giang', content: 'Hỏi về thuế' , topic: 'tax' }));
    await app.tickets.file(draft({ content: 'Đã xong', cooperative: 'HTX Đã đóng' }));
    await app.tickets.close('KK-2026-0002', { kind: 'staff', name: 'Hà' }, 'xong');
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
    await redis?.stop();
  });

  it('lists the open tickets with kind, topic, commune, cooperative, urgency and assignee; closed ones only when asked', async () => {
    const staff = consoleClient(app.baseUrl);
    await staff.login('ha', PASSWORD);
    const page = await staff.get('/staff');
    expect(codes(page.text).sort()).toEqual(['CH-2026-0001', 'KK-2026-0001']);
    expect(page.text).toContain('HTX Rau an toàn Yên Dũng');
    expect(page.text).toContain('Thị trường, xúc tiến thương mại');
    expect(page.text).toContain('Phường Bắc Giang');
    expect(page.text).toContain('Khẩn cấp');
    expect(page.text).toContain('Chưa ai nhận');
    expect(codes((await staff.get('/staff?state=closed')).text)).toEqual(['KK-2026-0002']);
  });

  it('filters by kind, topic, urgency and commune, and finds by code or cooperative typed without diacritics', async () => {
    const staff = consoleClient(app.baseUrl);
    await staff.login('ha', PASSWORD);
    expect(codes((await staff.get('/staff?kind=question')).text)).toEqual(['CH-2026-0001']);
    expect(codes((await staff.get('/staff?topic=market')).text)).toEqual(['KK-2026-0001']);
    expect(codes((await staff.get('/staff?urgency=urgent')).text)).toEqual(['CH-2026-0001']);
    expect(codes((await staff.get(`/staff?commune=${encodeURIComponent('Phường Bắc Giang')}`)).text)).toEqual(['CH-2026-0001']);
    expect(codes((await staff.get('/staff?q=yen+dung')).text)).toEqual(['KK-2026-0001']);
    expect(codes((await staff.get('/staff?q=CH-2026-0001')).text)).toEqual(['CH-2026-0001']);
    // Nonsense in the address is ignored, not an error page.
    expect((await staff.get('/staff?kind=<script>&page=-4')).status).toBe(200);
  });

  it('tells an open queue page when a ticket is filed, whichever process filed it', async () => {
    const staff = consoleClient((second ?? app).baseUrl);
    await staff.login('ha', PASSWORD);
    const cookie = [...staff.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const data = await nextEvent(`${(second ?? app).baseUrl}/staff/queue/events`, cookie, 'changed', async () => {
      await app.tickets.file(draft({ content: 'Ticket mới trong lúc trang đang mở', cooperative: 'HTX Mới' }));
    });
    expect(Number(data)).toBeGreaterThan(0);
    expect((await staff.get('/staff/queue/rows')).text).toContain('HTX Mới');
  });
});
