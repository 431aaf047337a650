import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { webClient } from '../e2e/web-helpers.js';

/** A flood from one address with a fresh browser id on every request (a script, not a member). */
describe('a flood of fresh browser ids', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LIMIT_WEB_PER_IP_PER_MINUTE: '100' });
  });
  afterAll(async () => app?.close());
  const count = (table: string) => ((app.storage as SqliteStorage).db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('is turned away with 429 once the address has had its share, and leaves bounded storage', async () => {
    const statuses: number[] = [];
    for (let burst = 0; burst < 10; burst++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => webClient(app.baseUrl, randomUUID()).post({ text: `câu hỏi không ai trả lời được ${randomUUID()}` })));
      statuses.push(...answers.map((r) => r.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(400);
    // At most one session, one conversation and one kept question per request that got through.
    expect(count('sessions')).toBeLessThanOrEqual(100);
    expect(count('unanswered')).toBeLessThanOrEqual(100);
    expect(count('web_inbox')).toBeLessThanOrEqual(100 * 4);
  }, 60_000);

  it('tells a member who sends too often to wait, in words', async () => {
    const res = await webClient(app.baseUrl).post({ text: 'xin chào' });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: string }).error).toContain('too many requests');
  });
});
