import type { ZaloConfig } from '../../config/config.js';
import { ConfigError } from '../../config/load-config.js';
import { ZaloApiError, type ZaloApi } from './zalo-api.js';

/** Checks the token (getMe) and registers the webhook, or clears it for polling. An invalid token stops start-up. */
export async function startZalo(api: ZaloApi, config: Exclude<ZaloConfig, { mode: 'off' }>): Promise<void> {
  try {
    await api.getMe();
  } catch (error) {
    if (error instanceof ZaloApiError && (error.code === 401 || error.code === 403)) {
      throw new ConfigError(`Invalid ZALO_BOT_TOKEN: Zalo answered ${error.code} (invalid token); expected the token of your bot from the Zalo Bot Platform`);
    }
    throw error;
  }
  if (config.mode === 'webhook') await api.setWebhook(config.webhookUrl, config.secret);
  else await api.deleteWebhook();
}
