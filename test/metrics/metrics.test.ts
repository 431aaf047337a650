import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';
import { parseMetrics, sampleOf, type Samples } from './parse-metrics.js';

const TOKEN = randomBytes(32).toString('hex');

/** Every series an operator's dashboard reads (deploy/grafana-dashboard.json). */
const SERIES = [
  'htx_updates_total',
  'htx_answers_total',
  'htx_tickets_filed_total',
  'htx_tickets_closed_total',
  'htx_delivery_queue_pending',
  'htx_delivery_queue_oldest_age_seconds',
  'htx_delivery_failures_total',
  'htx_delivery_gave_up_total',
  'htx_rate_limited_total',
  'htx_http_request_duration_seconds',
  // Node's default metrics, on the app's own registry
  'htx_process_resident_memory_bytes',
  'htx_nodejs_eventloop_lag_p99_seconds',
  'htx_nodejs_heap_size_used_bytes',
];

type Reply = { text: string };

describe('GET /metrics without METRICS_TOKEN', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('does not exist, with or without a token', async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });
});

describe.each(['SQLite', 'Redis'] as const)('GET /metrics on %s', (store) => {
  let app: TestApp;
  let redis: RedisProcess | undefined;
  beforeAll(async () => {
    if (store === 'Redis') redis = await startRedis();
    app = await startTestApp({
      METRICS_TOKEN: TOKEN,
      LIMIT_WEB_PER_CLIENT_PER_MINUTE: '20',
      LIMIT_FOLLOW_UPS_PER_HOUR: '1',
      ...(redis ? { REDIS_URL: redis.url } : {}),
    });
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const scrape = async (): Promise<Samples> => {
    const res = await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseMetrics(await res.text());
  };
  const chat = async (clientId: string, body: Record<string, string>) =>
    fetch(`${app.baseUrl}/api/chat`, {
      method: 'POST',
      headers: { 'x-client-id': clientId, 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: randomUUID(), ...body }),
    });
  const say = async (clientId: string, body: Record<string, string>): Promise<Reply[]> => {
    const res = await chat(clientId, body);
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: Reply[] }).replies;
  };

  it('refuses a scrape without the bearer token or with a wrong one (401), and never logs either', async () => {
    const wrong = randomBytes(32).toString('hex');
    const refused: Array<Record<string, string>> = [{}, { authorization: `Bearer ${wrong}` }, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, { authorization: TOKEN }];
    for (const headers of refused) {
      const res = await fetch(`${app.baseUrl}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await res.text()).not.toContain('htx_');
    }
    await scrape();
    const logs = app.logs.join('');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(wrong);
  });

  it('exposes every named series to the token', async () => {
    const samples = await scrape();
    for (const name of SERIES) expect(samples.names.has(name), name).toBe(true);
  });

  it('counts a question answered, a ticket filed, a follow-up over the limit, the ticket closed, and the updates applied', async () => {
    const before = await scrape();
    const member = randomUUID();
    const answer = await say(member, { text: 'htx vay von uu dai o dau' });
    expect(answer.map((r) => r.text).join('\n')).toContain('Căn cứ:');
    await say(member, { choice: 'form:start:difficulty' });
    for (const text of ['HTX Rau an toàn Yên Dũng', '2', 'Tân Yên']) await say(member, { text });
    await say(member, { choice: 'form:opt:market' });
    await say(member, { text: 'Thương lái ép giá rau, HTX cần tìm đầu ra ổn định' });
    await say(member, { text: '1' });
    await say(member, { choice: 'form:skip' });
    await say(member, { choice: 'form:skip' });
    await say(member, { text: 'không' });
    const filed = (await say(member, { choice: 'form:confirm' })).map((r) => r.text).join('\n');
    const code = /KK-\d{4}-\d{4}/.exec(filed)?.[0];
    expect(code).toBeDefined();
    // One follow-up an hour: the second gets a polite refusal.
    const followUp = async () => {
      await say(member, { choice: `followup:${code}` });
      return (await say(member, { text: 'HTX có thêm 2 ha rau cần tiêu thụ' })).map((r) => r.text).join('\n');
    };
    expect(await followUp()).not.toContain('tối đa');
    expect(await followUp()).toContain('tin bổ sung trong một giờ qua');
    expect((await app.tickets.close(code!, { kind: 'staff', name: 'Hà' }, null)).ok).toBe(true);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sampleOf(after, name, labels) - sampleOf(before, name, labels);
    expect(moved('htx_answers_total', { outcome: 'answered' })).toBe(1);
    expect(moved('htx_answers_total', { outcome: 'none' })).toBe(0);
    expect(moved('htx_tickets_filed_total', { kind: 'difficulty' })).toBe(1);
    expect(moved('htx_tickets_filed_total', { kind: 'concern' })).toBe(0);
    expect(moved('htx_tickets_closed_total', { kind: 'difficulty' })).toBe(1);
    expect(moved('htx_rate_limited_total', { limit: 'follow-up' })).toBe(1);
    expect(moved('htx_updates_total', { channel: 'web', outcome: 'applied' })).toBe(16);
    expect(moved('htx_http_request_duration_seconds_count', { method: 'POST', route: '/api/chat', status_class: '2xx' })).toBe(16);
  });

  it('counts a message sent again as replayed, and refused requests (a bad body, too many) as rejected', async () => {
    const before = await scrape();
    const member = randomUUID();
    const again = { messageId: randomUUID(), text: 'chào' };
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { 'x-client-id': member, 'content-type': 'application/json' }, body: JSON.stringify(again) });
      expect(res.status).toBe(200);
    }
    // 20 requests a minute per browser: the 21st is refused.
    const statuses: number[] = [];
    for (let i = 0; i < 25 && !statuses.includes(429); i++) statuses.push((await chat(member, { text: `câu hỏi ${i}` })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect((await chat(randomUUID(), { nothing: 'x' })).status).toBe(400);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sampleOf(after, name, labels) - sampleOf(before, name, labels);
    expect(moved('htx_updates_total', { channel: 'web', outcome: 'replayed' })).toBe(1);
    expect(moved('htx_updates_total', { channel: 'web', outcome: 'rejected' })).toBe(2);
    expect(moved('htx_rate_limited_total', { limit: 'http' })).toBe(1);
  });

  it('labels HTTP latency by route pattern and status class, never by the URL', async () => {
    await fetch(`${app.baseUrl}/api/chat/inbox?after=0`, { headers: { 'x-client-id': randomUUID() } });
    await fetch(`${app.baseUrl}/nothing-here/${randomUUID()}`);
    const routes = new Set((await scrape()).all.filter((s) => s.name === 'htx_http_request_duration_seconds_count').map((s) => s.labels.route));
    expect(routes.has('/api/chat/inbox')).toBe(true);
    for (const route of routes) expect(route, route).not.toMatch(/\?|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('shows deliveries given up and failed by channel, and the deliveries waiting per channel with the age of the oldest', async () => {
    // No Zalo in this app: a Zalo delivery has no sender and is given up at once.
    await app.queue.enqueue({ key: `metrics:zalo:${store}`, channel: 'zalo', parts: ['x'] });
    await waitFor(async () => sampleOf(await scrape(), 'htx_delivery_gave_up_total', { channel: 'zalo' }) === 1);
    expect(sampleOf(await scrape(), 'htx_delivery_failures_total', { channel: 'zalo', reason: 'permanent' })).toBe(1);

    // Nothing sends now (as when a platform is down): deliveries wait, and the oldest grows older.
    await app.queue.stop();
    await app.queue.enqueue({ key: `metrics:wait:1:${store}`, channel: 'web', parts: [{ text: 'một' }] });
    await app.queue.enqueue({ key: `metrics:wait:2:${store}`, channel: 'web', parts: [{ text: 'hai' }] });
    await app.queue.enqueue({ key: `metrics:wait:3:${store}`, channel: 'staff', parts: [{ text: 'ba' }] });
    await new Promise((r) => setTimeout(r, 50));
    const samples = await scrape();
    expect(sampleOf(samples, 'htx_delivery_queue_pending', { channel: 'web' })).toBe(2);
    expect(sampleOf(samples, 'htx_delivery_queue_pending', { channel: 'staff' })).toBe(1);
    expect(sampleOf(samples, 'htx_delivery_queue_oldest_age_seconds', { channel: 'web' })).toBeGreaterThan(0);
    expect(sampleOf(samples, 'htx_delivery_queue_pending', { channel: 'zalo' })).toBe(0);
  });
});
