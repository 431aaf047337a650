import type { Logger } from 'pino';

/** How often one member is told about the same outage. */
const NOTICE_EVERY_MS = 5 * 60 * 1000;

/** An error that will likely pass (storage unreachable, a platform's 5xx or 429, a timeout): retry later. */
export function isTransient(error: unknown): boolean {
  const e = (error && typeof error === 'object' && 'error' in error ? (error as { error: unknown }).error : error) as { name?: string; message?: string; code?: string; error_code?: number } | undefined;
  if (!e || typeof e !== 'object') return false;
  const text = `${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`;
  if (/MaxRetriesPerRequest|Connection is closed|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|SQLITE_BUSY|SQLITE_IOERR|is busy in another process|Stream isn't writeable|enableOfflineQueue/i.test(text)) return true;
  if (e.name === 'HttpError') return true; // grammY: the network failed
  if (typeof e.error_code === 'number') return e.error_code === 429 || e.error_code >= 500;
  return false;
}

/**
 * What a channel does while the bot cannot work (storage down): one log line when the outage starts
 * and one when it ends, whatever the number of failed messages; and each member told once in a while
 * that the bot is temporarily unavailable (and whether to resend).
 */
export class OutageTracker {
  private down = false;
  private readonly told = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly channel: string,
  ) {}

  /** A message could not be handled for a passing reason; true when this member should be told now. */
  failed(conversationId: string, error: unknown): boolean {
    if (!this.down) {
      this.down = true;
      this.logger.error({ channel: this.channel, err: error instanceof Error ? error.message : String(error) }, 'messages cannot be handled now (outage); they are retried');
    }
    const now = Date.now();
    if (now - (this.told.get(conversationId) ?? 0) < NOTICE_EVERY_MS) return false;
    if (this.told.size > 10_000) this.told.clear();
    this.told.set(conversationId, now);
    return true;
  }

  /** A message was handled: the outage, if there was one, is over. */
  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.told.clear();
    this.logger.info({ channel: this.channel }, 'messages are handled again (outage over)');
  }
}
