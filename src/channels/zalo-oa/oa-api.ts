import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { ZaloOaError } from './oa-errors.js';

/** The OA API's answer: `{ error: 0, message, data }` on success, a negative `error` otherwise. */
const answerSchema = z.looseObject({ error: z.coerce.number().int(), message: z.string().optional(), data: z.unknown().optional() });

/** The OAuth v4 answer: a new pair and its lifetime in seconds, or `{ error, error_name | error_description }`. */
const issuedSchema = z.looseObject({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });
const refusedSchema = z.looseObject({ error: z.coerce.number().int(), error_name: z.string().optional(), error_description: z.string().optional() });

/** A token pair as Zalo issued it: the access token lives about 25 hours, the refresh token works once. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

/** Answers `{ status, data }` as the API would (benchmarks record instead of sending). */
export type OaTransport = (url: string, body: unknown, headers: Record<string, string>) => Promise<{ status: number; data: unknown }>;

/**
 * The Official Account API v3 (customer-service messages) and the OAuth v4 token endpoint, over
 * axios. Tokens and the secret key go in headers only, never in an error message.
 */
export class ZaloOaApi {
  private readonly api: AxiosInstance;
  private readonly oauth: AxiosInstance;

  constructor(
    private readonly o: { appId: string; secretKey: string; apiRoot: string; oauthRoot: string; timeoutMs?: number; transport?: OaTransport },
  ) {
    this.api = axios.create({ baseURL: o.apiRoot, timeout: o.timeoutMs ?? 15_000, validateStatus: () => true });
    this.oauth = axios.create({ baseURL: o.oauthRoot, timeout: o.timeoutMs ?? 15_000, validateStatus: () => true });
  }

  /** Sends one customer-service text message to a member (the OA's user id). */
  async sendText(accessToken: string, userId: string, text: string): Promise<void> {
    const body = { recipient: { user_id: userId }, message: { text } };
    const headers = { access_token: accessToken, 'content-type': 'application/json' };
    let res: { status: number; data: unknown };
    try {
      res = this.o.transport ? await this.o.transport(`${this.o.apiRoot}/v3.0/oa/message/cs`, body, headers) : await this.api.post('/v3.0/oa/message/cs', body, { headers });
    } catch (error) {
      throw new ZaloOaError('message/cs', 0, networkReason(error));
    }
    const answer = answerSchema.safeParse(res.data);
    if (!answer.success) throw new ZaloOaError('message/cs', res.status >= 400 ? res.status : 502, 'answer is not an OA API response');
    if (answer.data.error !== 0) throw new ZaloOaError('message/cs', answer.data.error, answer.data.message ?? 'error');
  }

  /** Trades a refresh token (single use) for a new pair: `POST /v4/oa/access_token`, form-encoded, the secret key in a header. */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const form = new URLSearchParams({ app_id: this.o.appId, grant_type: 'refresh_token', refresh_token: refreshToken }).toString();
    let res: { status: number; data: unknown };
    try {
      res = await this.oauth.post('/v4/oa/access_token', form, { headers: { secret_key: this.o.secretKey, 'content-type': 'application/x-www-form-urlencoded' } });
    } catch (error) {
      throw new ZaloOaError('oauth refresh', 0, networkReason(error));
    }
    const issued = issuedSchema.safeParse(res.data);
    if (issued.success) return { accessToken: issued.data.access_token, refreshToken: issued.data.refresh_token, expiresInSeconds: issued.data.expires_in };
    const refused = refusedSchema.safeParse(res.data);
    if (!refused.success) throw new ZaloOaError('oauth refresh', res.status >= 400 ? res.status : 502, 'answer is not an OAuth token response');
    const e = refused.data;
    throw new ZaloOaError('oauth refresh', e.error < 0 ? e.error : -1, e.error_name ?? e.error_description ?? 'refused');
  }
}

/** The network failure's name without the request (whose headers carry the token). */
function networkReason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e?.code ?? 'network error';
}
