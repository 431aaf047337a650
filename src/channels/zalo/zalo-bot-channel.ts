import type { Logger } from 'pino';
import type { Translate } from '../../conversation/ports.js';
import type { ZaloConfig } from '../../config/config.js';
import type { ConversationService } from '../../conversation/conversation-service.js';
import { createPacer, type RateLimit } from '../../delivery/pacer.js';
import type { DeliveryQueue } from '../../delivery/ports.js';
import type { SendWindow } from '../../delivery/send-window.js';
import type { Channel } from '../channel.js';
import { startZalo } from './start-zalo.js';
import { ZaloApi } from './zalo-api.js';
import { ZALO_CAPABILITIES } from './zalo-capabilities.js';
import { createZaloHandler } from './zalo-channel.js';
import { startZaloPolling } from './zalo-polling.js';
import { zaloSender } from './zalo-sender.js';
import { zaloWebhookRoutes } from './zalo-webhook.js';

/** Zalo Bot Platform: a webhook or getUpdates polling; replies as numbered lists. */
export function zaloBotChannel(deps: {
  config: Exclude<ZaloConfig, { mode: 'off' }>;
  conversations: ConversationService;
  queue: DeliveryQueue;
  logger: Logger;
  translator: (locale: 'vi' | 'en') => Translate;
  /** Counts the bot's sends with every other process on the same Redis (unset: this process alone). */
  sharedWindow?: (name: string, limit: RateLimit) => SendWindow;
}): Channel {
  const zc = deps.config;
  const api = new ZaloApi(zc.token, zc.apiRoot);
  // Answers in a member's turn and queued deliveries (announcements last) share the bot's pace.
  const limit = { max: zc.sendsPerSecond, perMs: 1000 };
  const pace = createPacer(limit, deps.sharedWindow?.('zalo', limit));
  const handle = createZaloHandler({ api, conversations: deps.conversations, queue: deps.queue, logger: deps.logger, t: deps.translator, slot: () => pace.slot('interactive') });
  let polling: { stop(): Promise<void> } | undefined;
  return {
    name: 'zalo',
    capabilities: ZALO_CAPABILITIES,
    senders: { zalo: pace(zaloSender(api)) },
    mode: zc.mode,
    routes: zc.mode === 'webhook' ? (http) => zaloWebhookRoutes(http, { secret: zc.secret, handle, logger: deps.logger }) : undefined,
    async start() {
      await startZalo(api, zc);
      if (zc.mode === 'polling') polling = startZaloPolling({ api, handle, logger: deps.logger });
      deps.logger.info({ mode: zc.mode }, 'zalo started');
    },
    async stop() {
      await polling?.stop();
    },
  };
}
