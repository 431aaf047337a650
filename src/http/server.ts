import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { sendJson } from './respond.js';
import type { Router } from './router.js';

/** One HTTP server for health, webhooks and the web chat. A failing route answers 500, never crashes. */
export function createHttpServer(router: Router, logger: Logger): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const handler = router.find(method, path) ?? (method === 'HEAD' ? router.find('GET', path) : undefined);
    if (!handler) {
      if (router.hasPath(path)) return sendJson(res, 405, { error: 'method not allowed' });
      return sendJson(res, 404, { error: 'not found' });
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      logger.error({ path, err: error instanceof Error ? error.message : String(error) }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
  // Longer than clients' and proxies' idle timeouts, so a reused keep-alive socket is never closed under them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Starts listening; resolves with the bound port (useful when port 0 picks a free one). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
