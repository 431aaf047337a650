import type { Logger } from 'pino';
import type { ZaloApi } from './zalo-api.js';
import { zaloUpdateSchema, type ZaloEvent } from './zalo-update.js';

/**
 * Long polling with getUpdates (one update per call; 408 means none). An update whose handling
 * fails is retried with back-off before the next is fetched, so a failure does not lose the message.
 */
export function startZaloPolling(o: { api: ZaloApi; handle: (e: ZaloEvent) => Promise<void>; logger: Logger; timeoutSeconds?: number }): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    let backoffMs = 500;
    while (running) {
      let raw: unknown;
      try {
        raw = await o.api.getUpdate(o.timeoutSeconds ?? 30);
        backoffMs = 500;
      } catch (error) {
        o.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'zalo getUpdates failed; retrying');
        await sleep(backoffMs);
        backoffMs = Math.min(backoffMs * 2, 30_000);
        continue;
      }
      if (raw === undefined || !running) continue;
      const parsed = zaloUpdateSchema.safeParse(raw);
      if (!parsed.success) {
        o.logger.warn('zalo update with an unexpected shape skipped');
        continue;
      }
      for (let attempt = 1, wait = 500; running; attempt++, wait = Math.min(wait * 2, 30_000)) {
        try {
          await o.handle(parsed.data);
          break;
        } catch {
          o.logger.warn({ attempt }, 'zalo update handling failed; retrying it');
          await sleep(wait);
        }
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await Promise.race([loop, sleep(100)]);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
