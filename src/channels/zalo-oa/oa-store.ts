import type { DeliveryJob } from '../../delivery/delivery-job.js';
import { z } from 'zod';
import type { Choice } from '../../conversation/reply.js';

/**
 * The OA's token pair as stored (one for all processes). `version` grows with every write, so a
 * write made from a stale read is refused. `pending` is written before a refresh token is spent and
 * cleared with the new pair: found with no refresher alive, it says a refresh may have been lost in
 * a crash. `refused` says the OAuth server refused the refresh token (an operator must re-authorise).
 */
export const oaTokensSchema = z.object({
  version: z.number().int().nonnegative(),
  accessToken: z.string(),
  refreshToken: z.string().min(1),
  /** When the access token stops working (ms since the epoch); 0 when there is none yet. */
  expiresAt: z.number(),
  /** When it was issued (ms): the refresh is due a fifth of its life (at most an hour) before it ends. */
  issuedAt: z.number(),
  /** The ZALO_OA_REFRESH_TOKEN value this chain started from (a new value in the environment starts a new chain). */
  seed: z.string(),
  pending: z.object({ refreshToken: z.string(), startedAt: z.number() }).optional(),
  refused: z.string().optional(),
});
export type OaTokens = z.infer<typeof oaTokensSchema>;

/**
 * A notice whose choices are numbered in the texts kept (a staff answer, a rating request): when it
 * goes, the numbers are made live, or it is shown without them (see {@link zaloOaSender}).
 */
export interface NumberedNotice {
  /** The notice's text as shown without its numbered choices (it asks for no number). */
  text: string;
  choices: Choice[];
  /** How many of its messages were sent before it had to wait (a long one is split). */
  sent: number;
  formOpenHint?: string;
  choicesOpenHint?: string;
}

const numberedNoticeSchema = z.object({
  text: z.string(),
  choices: z.array(z.object({ id: z.string(), label: z.string() })).min(1),
  sent: z.number().int().nonnegative(),
  formOpenHint: z.string().optional(),
  choicesOpenHint: z.string().optional(),
});

/** A message to a member that waits for them to write (outside Zalo's reply window). */
export interface HeldMessage {
  /** `<job key>#<part index>`: holding the same part again changes nothing. */
  id: string;
  memberId: string;
  /** The delivery job it came from (a staff answer's key: the console shows it as waiting). */
  jobKey: string;
  texts: string[];
  heldAt: number;
  /** The hand-over it belongs to once the member wrote (its delivery job's key): fixed once set. */
  batch?: string;
  /** Set when `texts` end with numbered choices. */
  numbered?: NumberedNotice;
}

export const heldMessageSchema = z.object({ id: z.string(), memberId: z.string(), jobKey: z.string(), texts: z.array(z.string()), heldAt: z.number(), batch: z.string().optional(), numbered: numberedNoticeSchema.optional() });

/** What the OA channel keeps, on SQLite and on Redis alike (one contract suite). */
export interface ZaloOaStore {
  tokens(): Promise<OaTokens | undefined>;
  /**
   * Starts the chain from the environment's refresh token when there is none, or when the
   * environment names another one than the chain started from (the operator re-authorised).
   * Idempotent: several processes starting at once store it once.
   */
  seed(refreshToken: string, now: number): Promise<void>;
  /** Replaces the pair if its version is still `expectedVersion` (the new one is `expectedVersion + 1`); false otherwise. */
  replaceTokens(next: Omit<OaTokens, 'version'>, expectedVersion: number): Promise<boolean>;
  /** Takes the refresh lock for `ttlMs` (one refresher at a time across processes); false while another holds it. */
  lock(owner: string, ttlMs: number, now: number): Promise<boolean>;
  unlock(owner: string): Promise<void>;
  /** Keeps a message for a member (nothing if one with its id is kept already). */
  hold(message: HeldMessage): Promise<void>;
  /** A member's waiting messages, oldest first. */
  held(memberId: string): Promise<HeldMessage[]>;
  /** Puts the member's messages that belong to no hand-over yet into `batch` (one step). */
  assign(memberId: string, batch: string): Promise<void>;
  /**
   * Drops these messages; with `job` (the hand-over that sends them), writes it to the delivery
   * outbox in the same step, so a crash leaves both or neither: never a hand-over sent with its
   * messages still waiting (holding back every later answer), nor messages dropped unsent.
   */
  release(memberId: string, ids: string[], job?: DeliveryJob): Promise<void>;
  /** True while a part of this delivery job waits for the member. */
  isHeld(jobKey: string): Promise<boolean>;
}

/** The chain as the environment starts it: a refresh token and no access token yet. */
export function seededTokens(refreshToken: string, now: number): Omit<OaTokens, 'version'> {
  return { accessToken: '', refreshToken, expiresAt: 0, issuedAt: now, seed: refreshToken };
}
