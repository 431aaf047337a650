import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import { hashPassword } from '../../src/staff-web/accounts/passwords.js';
import type { StaffRole } from '../../src/staff-web/accounts/staff-account.js';
import { appOn, type TestApp } from '../support/start-test-app.js';
import { consoleClient } from './console-client.js';

export const CONSOLE_PASSWORD = 'mat-khau-dai-du-10';

/** Logs a browser page in to the console through its login form, as a member of staff does. */
export async function logInToConsole(page: Page, baseUrl: string, login: string, password = CONSOLE_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/staff/login`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${baseUrl}/staff`);
}

/**
 * The app on SQLite or a real Redis for the tests of one describe block, with these console
 * accounts (login, name, role; password {@link CONSOLE_PASSWORD}); closed after them.
 */
export function useConsoleApp(store: 'sqlite' | 'redis', accounts: Array<[login: string, name: string, role: StaffRole]>, options: { announcementSweepMs?: number } = {}) {
  const started = appOn(store, {}, options);
  beforeAll(async () => {
    for (const [login, name, role] of accounts) {
      await started.app.storage.accounts.create({ login, name, role, passwordHash: await hashPassword(CONSOLE_PASSWORD), disabled: false, createdAt: new Date().toISOString() });
    }
  });
  return {
    get app(): TestApp {
      return started.app;
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
