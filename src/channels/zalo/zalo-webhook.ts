import type { Logger } from 'pino';
import { readJsonBody } from '../../http/body.js';
import { sendJson } from '../../http/respond.js';
import type { RouteHandler } from '../../http/router.js';
import { secretMatches } from '../../http/secret.js';
import { zaloUpdateSchema, type ZaloEvent } from './zalo-update.js';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';
const SECRET_HEADER = 'x-bot-api-secret-token';
const MAX_BODY_BYTES = 1024 * 1024;

/** POST /zalo/webhook: 401 on a wrong secret (nothing handled), 400 on a malformed body, else handled once. */
export function zaloWebhookRoute(options: { secret: string; handle: (e: ZaloEvent) => Promise<void>; logger: Logger }): RouteHandler {
  return async (req, res) => {
    if (!secretMatches(req.headers[SECRET_HEADER], options.secret)) return sendJson(res, 401, { error: 'wrong secret token' });
    const body = await readJsonBody(req, MAX_BODY_BYTES);
    if (!body.ok) return sendJson(res, body.status, { error: body.error });
    const parsed = zaloUpdateSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: 'body is not a Zalo event (event_name and message expected)' });
    try {
      await options.handle(parsed.data);
    } catch {
      return sendJson(res, 500, { error: 'event could not be handled; retry' });
    }
    sendJson(res, 200, { ok: true });
  };
}
