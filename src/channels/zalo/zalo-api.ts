import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';

/** Every Zalo Bot API answer: `{ ok, result?, error_code?, description? }`. */
const responseSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().int().optional(),
  description: z.string().optional(),
});

/** A Zalo API call that did not succeed (HTTP or `ok: false`); status 0 is a network error. */
export class ZaloApiError extends Error {
  override name = 'ZaloApiError';
  constructor(
    readonly method: string,
    readonly code: number,
    description: string,
  ) {
    super(`Zalo ${method} failed: ${code} ${description}`);
  }
}

/** The Zalo Bot Platform over HTTP: `POST {root}/bot{token}/{method}` with a JSON body. */
export class ZaloApi {
  private readonly http: AxiosInstance;

  /**
   * @param transport replaces HTTP (benchmarks record calls instead of sending them, like grammY's
   * transformers); answers `{ status, data }` as the API would.
   */
  constructor(
    token: string,
    apiRoot: string,
    timeoutMs = 40_000,
    private readonly transport?: (method: string, body: Record<string, unknown>) => Promise<{ status: number; data: unknown }>,
  ) {
    this.http = axios.create({ baseURL: `${apiRoot}/bot${token}/`, timeout: timeoutMs, validateStatus: () => true });
  }

  async call<T = unknown>(method: string, body: Record<string, unknown> = {}, timeoutMs?: number): Promise<T> {
    let data: unknown;
    let status: number;
    try {
      const res = this.transport ? await this.transport(method, body) : await this.http.post(method, body, timeoutMs ? { timeout: timeoutMs } : {});
      data = res.data;
      status = res.status;
    } catch (error) {
      throw new ZaloApiError(method, 0, error instanceof Error ? error.message : String(error));
    }
    const parsed = responseSchema.safeParse(data);
    if (!parsed.success) throw new ZaloApiError(method, status >= 400 ? status : 502, 'answer is not a Zalo API response');
    if (!parsed.data.ok) throw new ZaloApiError(method, parsed.data.error_code ?? status, parsed.data.description ?? 'error');
    return parsed.data.result as T;
  }

  getMe() {
    return this.call<{ id?: string; display_name?: string }>('getMe');
  }

  /** One update, or undefined when there is none (408). */
  async getUpdate(timeoutSeconds: number): Promise<unknown | undefined> {
    try {
      return await this.call('getUpdates', { timeout: timeoutSeconds }, (timeoutSeconds + 10) * 1000);
    } catch (error) {
      if (error instanceof ZaloApiError && error.code === 408) return undefined;
      throw error;
    }
  }

  setWebhook(url: string, secret: string) {
    return this.call('setWebhook', { url, secret_token: secret });
  }

  deleteWebhook() {
    return this.call('deleteWebhook');
  }

  sendMessage(chatId: string, text: string) {
    return this.call('sendMessage', { chat_id: chatId, text });
  }

  /** A photo by its public address, with an optional caption. */
  sendPhoto(chatId: string, photo: string, caption?: string) {
    return this.call('sendPhoto', { chat_id: chatId, photo, ...(caption ? { caption } : {}) });
  }

  sendChatAction(chatId: string) {
    return this.call('sendChatAction', { chat_id: chatId, action: 'typing' });
  }
}
