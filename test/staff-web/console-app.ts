import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { StaffRole } from '../../src/staff-web/accounts/staff-account.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

export const CONSOLE_PASSWORD = 'mat-khau-dai-du-10';

/**
 * The app on SQLite or a real Redis for the tests of one describe block, with these console
 * accounts (login, name, role; password {@link CONSOLE_PASSWORD}); closed after them.
 */
export function useConsoleApp(store: 'sqlite' | 'redis', accounts: Array<[login: string, name: string, role: StaffRole]>) {
  let app: TestApp | undefined;
  let redis: RedisProcess | undefined;
  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { REDIS_URL: redis.url } : {});
    for (const [login, name, role] of accounts) {
      await app.storage.accounts.create({ login, name, role, passwordHash: await hashPassword(CONSOLE_PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    }
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });
  return {
    get app(): TestApp {
      if (!app) throw new Error('the app starts in beforeAll');
      return app;
    },
    /** A browser logged in as this account. */
    async as(login: string) {
      const browser = consoleClient(this.app.baseUrl);
      expect((await browser.login(login, CONSOLE_PASSWORD)).status).toBe(303);
      return browser;
    },
    /** What a new web chat member is answered when they open this entry. */
    async memberReads(entryId: string): Promise<string> {
      const res = await fetch(`${this.app.baseUrl}/api/chat`, {
        method: 'POST',
        headers: { 'x-client-id': randomUUID(), 'content-type': 'application/json' },
        body: JSON.stringify({ messageId: randomUUID(), choice: `entry:${entryId}` }),
      });
      return ((await res.json()) as { replies: Array<{ text: string }> }).replies.map((r) => r.text).join('\n');
    },
  };
}
