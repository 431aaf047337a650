import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { IssuedTokens } from './oa-api.js';
import { ZaloOaError } from './oa-errors.js';
import type { OaTokens, ZaloOaStore } from './oa-store.js';

export interface TokenKeeperOptions {
  store: ZaloOaStore;
  /** The OAuth v4 refresh call. */
  refresh: (refreshToken: string) => Promise<IssuedTokens>;
  logger: Logger;
  now?: () => number;
  /** How long one refresher holds the lock (it ends sooner on success); default 30 s. */
  lockTtlMs?: number;
  /** How long a process waits for another's refresh before it tries itself; default 45 s. */
  waitMs?: number;
  /** Called between two writes (the crash tests kill the process there). */
  fault?: (point: string) => void;
}

/** The refresh token was refused: no call can be made until an operator re-authorises the OA. */
export class OaReauthoriseError extends Error {
  override name = 'OaReauthoriseError';
}

/**
 * Keeps the OA's access token fresh for every process that shares the store.
 *
 * A refresh token works once, so refreshing is done by one process at a time (the store's lock),
 * re-reading the pair under the lock (another process may just have refreshed), and the new pair
 * replaces the old one in one compare-and-set write. A process that finds the lock taken waits for
 * the new pair and uses it.
 *
 * The dangerous moment is a crash after Zalo answered and before the new pair is stored: the old
 * refresh token is spent and the new one is lost. Before spending it, the refresher stores it as
 * `pending`; a later refresher that finds `pending` set (the one who wrote it is gone) tries that
 * refresh token again — it works if the crash came before Zalo used it — and otherwise records that
 * the chain is broken and logs, once, that the OA must be authorised again and the new refresh token
 * put in ZALO_OA_REFRESH_TOKEN (a new value there starts a new chain). Refreshing a fifth of the
 * token's life (at most an hour) before it ends leaves the old access token working meanwhile.
 */
export class OaTokenKeeper {
  private readonly owner = randomUUID();
  private readonly now: () => number;
  private inflight?: Promise<string>;
  private known?: OaTokens;
  private toldRefused = false;

  constructor(private readonly o: TokenKeeperOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Stores the environment's first refresh token (or a new one the operator set). */
  seed(refreshToken: string): Promise<void> {
    return this.o.store.seed(refreshToken, this.now());
  }

  /** An access token that works now, refreshed first when it is due. */
  async accessToken(): Promise<string> {
    // The last pair this process saw, while it is not due: no storage read per message. Another
    // process's refresh leaves it working (Zalo answers -216 otherwise, and `rejected` reads again).
    if (this.known && usable(this.known, this.now()) && !due(this.known, this.now())) return this.known.accessToken;
    const t = await this.o.store.tokens();
    this.known = t;
    if (t && usable(t, this.now()) && !due(t, this.now())) return t.accessToken;
    return this.refreshed(t?.accessToken);
  }

  /** Zalo refused `used` as expired or invalid: a refreshed token, unless another process already replaced it. */
  async rejected(used: string): Promise<string> {
    this.known = undefined;
    const t = await this.o.store.tokens();
    if (t && t.accessToken && t.accessToken !== used && usable(t, this.now())) return t.accessToken;
    return this.refreshed(used);
  }

  /** Refreshes now if the token is due (a timer calls it, so an idle bot keeps its chain alive). */
  async keepFresh(): Promise<void> {
    await this.accessToken();
  }

  private refreshed(stale: string | undefined): Promise<string> {
    this.inflight ??= this.refreshOnce(stale).finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async refreshOnce(stale: string | undefined): Promise<string> {
    const { store } = this.o;
    const deadline = this.now() + (this.o.waitMs ?? 45_000);
    for (let wait = 25; ; wait = Math.min(wait * 2, 500)) {
      if (await store.lock(this.owner, this.o.lockTtlMs ?? 30_000, this.now())) {
        try {
          return await this.refreshLocked(stale);
        } finally {
          await store.unlock(this.owner);
        }
      }
      // Another process refreshes: its pair is used as soon as it is stored.
      await sleep(wait);
      const t = await store.tokens();
      if (t && t.accessToken && t.accessToken !== stale && usable(t, this.now()) && !due(t, this.now())) return t.accessToken;
      if (this.now() > deadline) throw new ZaloOaError('oauth refresh', 0, 'another process holds the refresh lock');
    }
  }

  private async refreshLocked(stale: string | undefined): Promise<string> {
    const { store } = this.o;
    const t = await store.tokens();
    if (!t) throw new OaReauthoriseError('no OA token in storage (the channel seeds it at start)');
    const now = this.now();
    // Someone refreshed between our read and the lock.
    if (t.accessToken && t.accessToken !== stale && usable(t, now) && !due(t, now)) return t.accessToken;
    if (t.refused) {
      if (usable(t, now)) return t.accessToken;
      throw new OaReauthoriseError(`the OA refresh token was refused (${t.refused}): authorise the OA again and set ZALO_OA_REFRESH_TOKEN`);
    }
    if (t.pending) this.o.logger.warn('a Zalo OA token refresh was interrupted before its result was stored; trying its refresh token again');
    const spending = t.pending?.refreshToken ?? t.refreshToken;
    // Written before the refresh token is spent, so a crash from here on is visible to the next refresher.
    const { version: _v, ...current } = t;
    if (!(await store.replaceTokens({ ...current, pending: { refreshToken: spending, startedAt: now } }, t.version))) return this.afterLostWrite(stale);
    this.o.fault?.('zalo-oa:refresh:before-call');
    let issued: IssuedTokens;
    try {
      issued = await this.o.refresh(spending);
    } catch (error) {
      if (error instanceof ZaloOaError && error.call === 'oauth refresh' && error.code < 0) await this.markRefused(t.version + 1, error);
      throw error;
    }
    this.o.fault?.('zalo-oa:refresh:after-call');
    const issuedAt = this.now();
    const next = { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issuedAt + issued.expiresInSeconds * 1000, issuedAt, seed: t.seed };
    if (!(await store.replaceTokens(next, t.version + 1))) {
      // Only a new seed from the environment can replace the pair under our lock: it wins.
      this.o.logger.warn('the Zalo OA token chain was restarted from the environment during a refresh; the new refresh is discarded');
      return this.afterLostWrite(stale);
    }
    this.toldRefused = false;
    this.o.logger.info({ expiresAt: new Date(next.expiresAt).toISOString() }, 'zalo oa access token refreshed');
    return issued.accessToken;
  }

  private async afterLostWrite(stale: string | undefined): Promise<string> {
    const t = await this.o.store.tokens();
    if (t && t.accessToken && t.accessToken !== stale && usable(t, this.now())) return t.accessToken;
    throw new ZaloOaError('oauth refresh', 0, 'the stored token changed during the refresh; retry');
  }

  private async markRefused(version: number, error: ZaloOaError): Promise<void> {
    const t = await this.o.store.tokens();
    if (!t || t.version !== version) return;
    const { version: _v, pending: _p, ...rest } = t;
    await this.o.store.replaceTokens({ ...rest, refused: `${error.code}` }, version);
    if (!this.toldRefused) {
      this.toldRefused = true;
      this.o.logger.error({ code: error.code }, 'Zalo OA refused the refresh token: authorise the OA for the app again and set the new refresh token in ZALO_OA_REFRESH_TOKEN (messages wait in the delivery queue meanwhile)');
    }
  }
}

/** The access token exists and has not expired. */
const usable = (t: OaTokens, now: number) => t.accessToken.length > 0 && t.expiresAt > now;

/** Within a fifth of its life (at most an hour) of expiring. */
const due = (t: OaTokens, now: number) => now >= t.expiresAt - Math.min(3_600_000, Math.max(0, t.expiresAt - t.issuedAt) / 5);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
