import type { ZaloOaConfig } from '../../config/config.js';
import type { Translate } from '../../conversation/ports.js';
import type { DeliveryJob } from '../../delivery/delivery-job.js';
import type { Channel } from '../channel.js';
import { ZaloOaApi, type OaTransport } from './oa-api.js';
import { ZALO_OA_CAPABILITIES } from './oa-capabilities.js';
import { createOaHandler, type OaHandlerDeps } from './oa-handler.js';
import { OaMessenger } from './oa-messenger.js';
import { zaloOaSender } from './oa-sender.js';
import { zaloOaWebhookRoutes } from './oa-webhook.js';
import { OaTokenKeeper } from './token-keeper.js';

/** How often an idle bot checks that its access token is not due (the chain must not lapse). */
const KEEP_FRESH_EVERY_MS = 10 * 60 * 1000;

export interface ZaloOaChannelDeps extends Omit<OaHandlerDeps, 'messenger' | 't' | 'now'> {
  config: Extract<ZaloOaConfig, { mode: 'webhook' }>;
  translator: (locale: 'vi' | 'en') => Translate;
  /** Told when a delivery starts waiting for the member to write (outside the reply window). */
  onHeld?: (job: DeliveryJob) => Promise<void> | void;
  /** Replaces HTTP to the OA API (benchmarks). */
  transport?: OaTransport;
  fault?: (point: string) => void;
}

/**
 * Zalo Official Account: signed webhook events in, customer-service messages out (numbered
 * choices), the access token kept fresh in storage for every process, and answers outside the
 * reply window kept until the member writes.
 */
export function zaloOaChannel(deps: ZaloOaChannelDeps): Channel & { tokens: OaTokenKeeper } {
  const c = deps.config;
  const api = new ZaloOaApi({ appId: c.appId, secretKey: c.secretKey, apiRoot: c.apiRoot, oauthRoot: c.oauthRoot, transport: deps.transport });
  const tokens = new OaTokenKeeper({ store: deps.store, refresh: (rt) => api.refresh(rt), logger: deps.logger, fault: deps.fault });
  const messenger = new OaMessenger(api, tokens);
  const handle = createOaHandler({ ...deps, messenger, t: deps.translator });
  let timer: NodeJS.Timeout | undefined;
  const keepFresh = () => void tokens.keepFresh().catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'zalo oa token check failed; retried at the next send'));
  return {
    name: 'zalo-oa',
    capabilities: ZALO_OA_CAPABILITIES,
    senders: { 'zalo-oa': zaloOaSender({ messenger, store: deps.store, onHeld: deps.onHeld, choices: deps.conversations }) },
    mode: 'webhook',
    tokens,
    routes: (http) => zaloOaWebhookRoutes(http, { appId: c.appId, secretKey: c.secretKey, handle, logger: deps.logger }),
    async start() {
      await tokens.seed(c.refreshToken);
      keepFresh();
      timer = setInterval(keepFresh, KEEP_FRESH_EVERY_MS);
      timer.unref();
      deps.logger.info('zalo oa started');
    },
    async stop() {
      clearInterval(timer);
    },
  };
}
