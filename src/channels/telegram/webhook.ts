import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { HttpServer } from '../../http/create-server.js';
import { secretMatches } from '../../http/secret.js';
import { isTransient } from '../outage.js';

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

/** POST /telegram/webhook: 401 on a wrong secret (checked before the body is read), 400 on a malformed body, else the update is handled once. */
export function telegramWebhookRoutes(http: HttpServer, options: TelegramWebhookOptions): void {
  http.post(
    TELEGRAM_WEBHOOK_PATH,
    {
      bodyLimit: MAX_BODY_BYTES,
      schema: { body: updateSchema },
      onRequest: async (request, reply) => {
        if (!secretMatches(request.headers[SECRET_HEADER], options.secret)) return reply.status(401).send({ error: 'wrong secret token' });
      },
    },
    async (request, reply) => {
      const update = request.body;
      const handling = options.bot.handleUpdate(update as unknown as Update).then(
        () => 'done' as const,
        (error: unknown) => {
          // A passing failure (storage down) is retried by Telegram; one that will fail every time
          // (an update nothing can handle) is dropped with a log line instead of a retry for ever.
          if (isTransient(error)) return 'failed' as const;
          options.logger.error({ updateId: update.update_id, err: describe(error) }, 'telegram update cannot be handled; dropped');
          return 'dropped' as const;
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), options.deadlineMs);
      });
      const result = await Promise.race([handling, deadline]);
      clearTimeout(timer);
      if (result === 'failed') return reply.status(500).send({ error: 'update could not be handled; retry' });
      // 'late': the update is claimed and still being handled; a retry would be dropped anyway.
      return { ok: true };
    },
  );
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'error' in error) return describe((error as { error: unknown }).error);
  return error instanceof Error ? error.message : String(error);
}
