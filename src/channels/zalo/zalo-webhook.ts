import type { Logger } from 'pino';
import type { HttpServer } from '../../http/create-server.js';
import { secretMatches } from '../../http/secret.js';
import { zaloUpdateSchema, type ZaloEvent } from './zalo-update.js';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
const SECRET_HEADER = 'x-bot-api-secret-token';
const MAX_BODY_BYTES = 1024 * 1024;

/** POST /zalo/webhook: 401 on a wrong secret (nothing read or handled), 400 on a malformed body, else handled once. */
export function zaloWebhookRoutes(http: HttpServer, options: { secret: string; handle: (e: ZaloEvent) => Promise<void>; logger: Logger }): void {
  http.post(
    ZALO_WEBHOOK_PATH,
    {
      bodyLimit: MAX_BODY_BYTES,
      onRequest: async (request, reply) => {
        if (!secretMatches(request.headers[SECRET_HEADER], options.secret)) return reply.status(401).send({ error: 'wrong secret token' });
      },
    },
    async (request, reply) => {
      const parsed = zaloUpdateSchema.safeParse(request.body);
      if (!parsed.success) return reply.status(400).send({ error: 'body is not a Zalo event (event_name and message expected)' });
      try {
        await options.handle(parsed.data);
      } catch {
        return reply.status(500).send({ error: 'event could not be handled; retry' });
      }
      return { ok: true };
    },
  );
}
