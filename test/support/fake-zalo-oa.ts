import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { oaSignature } from '../../src/channels/zalo-oa/oa-signature.js';
import { waitFor } from './wait-for.js';

/** One customer-service message the OA accepted. */
export interface OaSent {
  userId: string;
  text: string;
  accessToken: string;
}

/**
 * A fake of the Zalo Official Account API v3 and its OAuth v4 token endpoint, over real HTTP on
 * loopback, written from the public description:
 * - `POST /v4/oa/access_token` (form: app_id, grant_type=refresh_token, refresh_token; header
 *   secret_key) issues a new pair; the refresh token used is spent (a second use is refused with an
 *   error), the access tokens issued before keep working until they expire;
 * - `POST /v3.0/oa/message/cs` (header access_token; `{ recipient: { user_id }, message: { text } }`)
 *   refuses an expired or unknown access token (-216), a text over 2,000 characters (-201), and a
 *   member outside the reply window (-230): no message from them within `windowMs`, or
 *   `windowMessages` already sent since their last one;
 * - it posts members' events to the bot's webhook signed as Zalo does (X-ZEvent-Signature).
 */
export class FakeZaloOa {
  readonly appId = '4321098765432109876';
  readonly secretKey = 'fake-oa-app-secret-key';
  readonly firstRefreshToken = 'rt-0-first';
  /** Lifetime of the access tokens it issues, in seconds (Zalo: 90,000 — 25 hours). */
  accessTtlSeconds = 90_000;
  /** The reply window after a member's message, and the messages allowed in it (Zalo: 48 hours, 8). */
  windowMs = 48 * 60 * 60 * 1000;
  windowMessages = 8;
  readonly sent: OaSent[] = [];
  /** Every refusal it answered, by code (to check no expired token was ever used, …). */
  readonly refusals: Array<{ call: string; code: number }> = [];
  refreshes = 0;
  private server?: Server;
  private readonly access = new Map<string, number>();
  private readonly refreshTokens = new Map<string, 'valid' | 'spent'>([[this.firstRefreshToken, 'valid']]);
  private readonly lastMessage = new Map<string, { at: number; sentSince: number }>();
  private nextId = 1;

  /** Listens on a free loopback port; answers the OA API and OAuth paths at the returned root. */
  async start(): Promise<string> {
    const server = createServer(async (req, res) => {
      const answer = await this.route(req);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    this.server = server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  /** The environment that points the bot at this fake. */
  env(root: string): Record<string, string> {
    return { ZALO_OA_APP_ID: this.appId, ZALO_OA_SECRET_KEY: this.secretKey, ZALO_OA_REFRESH_TOKEN: this.firstRefreshToken, ZALO_OA_API_ROOT: root, ZALO_OA_OAUTH_ROOT: root };
  }

  /** Refresh tokens that can still be used (one, when the chain is whole). */
  validRefreshTokens(): string[] {
    return [...this.refreshTokens].filter(([, s]) => s === 'valid').map(([t]) => t);
  }

  /** A new refresh token, as authorising the OA for the app again gives the operator. */
  authorise(): string {
    const token = `rt-${this.nextId++}-reauthorised`;
    this.refreshTokens.set(token, 'valid');
    return token;
  }

  /** Texts the OA delivered to one member, in order. */
  sentTo(userId: string): string[] {
    return this.sent.filter((s) => s.userId === userId).map((s) => s.text);
  }

  /** The member wrote to the OA just now (their reply window opens), without a webhook post. */
  memberWrote(userId: string): void {
    this.lastMessage.set(userId, { at: Date.now(), sentSince: 0 });
  }

  /** The member's reply window ends now (as if their last message were older than the window). */
  closeWindow(userId: string): void {
    this.lastMessage.set(userId, { at: Date.now() - this.windowMs - 1, sentSince: 0 });
  }

  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    return waitFor(predicate, timeoutMs);
  }

  /** A member's event as Zalo posts it to the webhook. */
  event(userId: string, eventName: string, fields: Record<string, unknown> = {}, timestamp = Date.now()): Record<string, unknown> {
    const base = { app_id: this.appId, user_id_by_app: `app-${userId}`, event_name: eventName, timestamp: String(timestamp) };
    if (eventName === 'follow' || eventName === 'unfollow') return { ...base, oa_id: 'oa-1', source: 'oa_profile', follower: { id: userId }, ...fields };
    return { ...base, sender: { id: userId }, recipient: { id: 'oa-1' }, message: { msg_id: `msg-${this.nextId++}`, ...fields } };
  }

  text(userId: string, text: string) {
    return this.event(userId, 'user_send_text', { text });
  }

  image(userId: string, url: string, caption = '') {
    return this.event(userId, 'user_send_image', { text: caption, attachments: [{ type: 'image', payload: { thumbnail: url, url } }] });
  }

  sticker(userId: string) {
    return this.event(userId, 'user_send_sticker', { attachments: [{ type: 'sticker', payload: { id: 'st1', url: 'https://zalo.me/sticker/st1.png' } }] });
  }

  /**
   * Posts an event to the bot's webhook, signed; a member's message (or follow) opens their reply
   * window first, as on Zalo. `signature` replaces the right one (tests of refusals).
   */
  async post(baseUrl: string, body: Record<string, unknown>, options: { signature?: string | null } = {}): Promise<Response> {
    const user = (body['sender'] as { id?: string } | undefined)?.id ?? (body['event_name'] === 'follow' ? (body['follower'] as { id: string }).id : undefined);
    if (user) this.lastMessage.set(user, { at: Date.now(), sentSince: 0 });
    const raw = JSON.stringify(body);
    const signature = options.signature === undefined ? oaSignature(this.appId, raw, String(body['timestamp']), this.secretKey) : options.signature;
    return fetch(`${baseUrl}/zalo-oa/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-zevent-signature': signature }) }, body: raw });
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && req.url === '/v4/oa/access_token') return { status: 200, body: this.refresh(req, new URLSearchParams(raw)) };
    if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs') return { status: 200, body: this.sendCs(req, JSON.parse(raw || '{}') as Record<string, unknown>) };
    return { status: 404, body: { error: 404, message: 'not found' } };
  }

  private refuse(call: string, code: number, message: string) {
    this.refusals.push({ call, code });
    return call === 'oauth' ? { error: code, error_name: message, error_description: message } : { error: code, message };
  }

  private refresh(req: IncomingMessage, form: URLSearchParams) {
    if (req.headers['secret_key'] !== this.secretKey || form.get('app_id') !== this.appId) return this.refuse('oauth', -14002, 'Invalid app id or secret key');
    if (form.get('grant_type') !== 'refresh_token') return this.refuse('oauth', -14004, 'Invalid grant type');
    const used = form.get('refresh_token') ?? '';
    if (this.refreshTokens.get(used) !== 'valid') return this.refuse('oauth', -14014, 'Invalid refresh token');
    this.refreshTokens.set(used, 'spent');
    this.refreshes++;
    const n = this.nextId++;
    const pair = { access_token: `at-${n}`, refresh_token: `rt-${n}` };
    this.access.set(pair.access_token, Date.now() + this.accessTtlSeconds * 1000);
    this.refreshTokens.set(pair.refresh_token, 'valid');
    return { ...pair, expires_in: String(this.accessTtlSeconds) };
  }

  private sendCs(req: IncomingMessage, body: Record<string, unknown>) {
    const token = String(req.headers['access_token'] ?? '');
    if ((this.access.get(token) ?? 0) <= Date.now()) return this.refuse('cs', -216, 'Access token is invalid');
    const userId = String((body['recipient'] as { user_id?: unknown } | undefined)?.user_id ?? '');
    const text = String((body['message'] as { text?: unknown } | undefined)?.text ?? '');
    if (!userId || text.length < 1 || text.length > 2000) return this.refuse('cs', -201, 'Parameters are invalid');
    const window = this.lastMessage.get(userId);
    if (!window || Date.now() - window.at > this.windowMs || window.sentSince >= this.windowMessages) return this.refuse('cs', -230, 'User has not interacted with the OA in the allowed period');
    window.sentSince++;
    this.sent.push({ userId, text, accessToken: token });
    return { error: 0, message: 'Success', data: { message_id: `oa-msg-${this.nextId++}`, user_id: userId } };
  }
}
