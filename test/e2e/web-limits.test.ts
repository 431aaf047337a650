import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { webClient } from './web-helpers.js';

/** One browser sending too often is slowed down on its own; others on the same address are not. */
describe('web chat limits per browser', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LIMIT_WEB_PER_CLIENT_PER_MINUTE: '5', LIMIT_WEB_PER_IP_PER_MINUTE: '100' });
  });
  afterAll(async () => app?.close());

  it('answers a browser 5 times a minute, then 429 with the seconds to wait; a second browser is still answered', async () => {
    const eager = webClient(app.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await eager.post({ text: 'xin chào' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await eager.post({ text: 'xin chào' });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await refused.json()) as { retryAfterSeconds: number };
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await webClient(app.baseUrl).post({ text: 'xin chào' })).status).toBe(200);
  });
});

/** Two bot processes behind one address share the counts through Redis: a browser gets no more by changing process. */
describe('web chat limits across processes on one Redis', () => {
  let redis: RedisProcess;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, LIMIT_WEB_PER_CLIENT_PER_MINUTE: '5', LIMIT_WEB_PER_IP_PER_MINUTE: '100' };
    [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  it('counts a browser’s requests to either process against one limit', async () => {
    const clientId = randomUUID();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await webClient(i % 2 ? b.baseUrl : a.baseUrl, clientId).post({ text: 'xin chào' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
