import { Redis, type RedisOptions } from 'ioredis';

/** The few logger methods the connection uses (a pino Logger fits). */
export interface ConnectionLogger {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}

/**
 * Logs a connection's outages once per state change (down, then up again), however many errors and
 * reconnection attempts happen in between, and never with the URL (it may hold a password).
 */
export function watchConnection(client: Redis, role: string, logger?: ConnectionLogger): void {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.error({ role, err: err.message }, 'redis unreachable; retrying');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ role }, 'redis reachable again');
  });
}

/**
 * The storage's Redis connection. A member's request never waits long on a Redis that is down:
 * commands fail after a short timeout and one retry, while the connection keeps reconnecting in the
 * background (with back-off), so the member gets a short notice and the next message works again.
 */
export function storageRedis(url: string, logger?: ConnectionLogger, extra: RedisOptions = {}): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableAutoPipelining: true,
    // While Redis is down, a member's request fails fast (in about a second) instead of waiting.
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    commandTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    ...extra,
  });
  watchConnection(client, 'storage', logger);
  return client;
}
