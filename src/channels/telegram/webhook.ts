import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { RouteHandler } from '../../http/router.js';
import { readJsonBody } from '../../http/body.js';
import { sendJson } from '../../http/respond.js';
import { secretMatches } from '../../http/secret.js';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAX_BODY_BYTES = 1024 * 1024;

/** The least an update must have; grammY reads the rest. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

export interface TelegramWebhookOptions {
  bot: Bot;
  secret: string;
  logger: Logger;
  /** Answer Telegram by then even if handling goes on, so a slow send never times the request out. */
  deadlineMs: number;
}

/** POST /telegram/webhook: 401 on a wrong secret, 400 on a malformed body, else the update is handled once. */
export function telegramWebhookRoute(options: TelegramWebhookOptions): RouteHandler {
  return async (req, res) => {
    if (!secretMatches(req.headers[SECRET_HEADER], options.secret)) {
      return sendJson(res, 401, { error: 'wrong secret token' });
    }
    const body = await readJsonBody(req, MAX_BODY_BYTES);
    if (!body.ok) return sendJson(res, body.status, { error: body.error });
    const parsed = updateSchema.safeParse(body.value);
    if (!parsed.success) return sendJson(res, 400, { error: 'body is not a Telegram update (update_id missing)' });

    const handling = options.bot.handleUpdate(parsed.data as unknown as Update).then(
      () => 'done' as const,
      (error: unknown) => {
        options.logger.error({ updateId: parsed.data.update_id, err: describe(error) }, 'telegram webhook update failed');
        return 'failed' as const;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), options.deadlineMs);
    });
    const result = await Promise.race([handling, deadline]);
    clearTimeout(timer);
    if (result === 'failed') return sendJson(res, 500, { error: 'update could not be handled; retry' });
    // 'late': the update is claimed and still being handled; a retry would be dropped anyway.
    sendJson(res, 200, { ok: true });
  };
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'error' in error) return describe((error as { error: unknown }).error);
  return error instanceof Error ? error.message : String(error);
}
