import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** A real redis-server on a free loopback port, for the tests that need Redis. */
export interface RedisProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts redis-server on a free port, or on `port` (to start it again where the bot expects it). */
export async function startRedis(options: { port?: number } = {}): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  } catch (error) {
    throw new Error(`redis-server could not be started (apt-get install redis-server): ${String(error)}`);
  }
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`redis-server is missing: apt-get install redis-server (${e.message})`))),
  );
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([waitUntilReady(url), spawnError]);
  return {
    url,
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

async function waitUntilReady(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      if ((await redis.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      redis.disconnect();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer at ${url}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
