import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logging/create-logger.js';
import { startRedis, type RedisProcess } from './redis-server.js';

export interface TestApp extends App {
  baseUrl: string;
  dataDir: string;
  /** Every log line the app wrote (JSON), to check what is and is not logged. */
  logs: string[];
  close(): Promise<void>;
}

/** Starts the real app on a free port with a fresh data directory and the given environment. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { dataDir?: string; keepData?: boolean; now?: () => Date; announcementSweepMs?: number } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'htx-app-'));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await startApp({ config, logger: createLogger(config.logLevel, sink, config.secrets), deliveryPollMs: 50, announcementSweepMs: options.announcementSweepMs, now: options.now });
  return {
    ...app,
    baseUrl: `http://127.0.0.1:${app.port}`,
    dataDir,
    logs,
    async close() {
      await app.stop();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The app on SQLite or on a real Redis of its own, for the tests of one describe block (started
 * before them, closed after): `const ctx = appOn(kind)`, then `ctx.app`.
 */
export function appOn(store: 'sqlite' | 'redis', env: Record<string, string> = {}, options: { announcementSweepMs?: number } = {}): { readonly app: TestApp } {
  let app: TestApp | undefined;
  let redis: RedisProcess | undefined;
  beforeAll(async () => {
    if (store === 'redis') redis = await startRedis();
    app = await startTestApp(redis ? { ...env, REDIS_URL: redis.url } : env, options);
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
  };
}
