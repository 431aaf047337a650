import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../delivery/errors.js';

/**
 * How a failed Telegram call is retried: 429 after its retry_after (pausing the channel), 5xx and
 * network errors with back-off, and a refusal that will not change (blocked bot, bad chat) not at all.
 */
export function telegramFailure(error: unknown): Error {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) return new DeliveryError(error.description, { retryAfterSeconds: error.parameters.retry_after ?? 1 });
    if (error.error_code >= 500) return new DeliveryError(`${error.error_code} ${error.description}`);
    return new DeliveryError(`${error.error_code} ${error.description}`, { permanent: true });
  }
  if (error instanceof HttpError) return new DeliveryError(`network: ${error.message}`);
  return error instanceof Error ? error : new Error(String(error));
}
