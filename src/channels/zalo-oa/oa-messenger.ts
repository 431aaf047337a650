import type { ZaloOaApi } from './oa-api.js';
import { ZaloOaError } from './oa-errors.js';
import type { OaTokenKeeper } from './token-keeper.js';

/**
 * Sends customer-service texts with a fresh access token; a token Zalo refuses (expired, or
 * replaced by another process's refresh) is refreshed once and the message sent again.
 */
export class OaMessenger {
  constructor(
    private readonly api: ZaloOaApi,
    private readonly tokens: OaTokenKeeper,
  ) {}

  async send(userId: string, text: string): Promise<void> {
    const token = await this.tokens.accessToken();
    try {
      await this.api.sendText(token, userId, text);
    } catch (error) {
      if (!(error instanceof ZaloOaError) || error.kind !== 'token') throw error;
      await this.api.sendText(await this.tokens.rejected(token), userId, text);
    }
  }
}
