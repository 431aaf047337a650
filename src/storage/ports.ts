import type { SessionStore } from '../conversation/ports.js';

/** Claims an update id once, so a platform's retry of the same update is dropped. */
export interface UpdateClaims {
  /** True the first time `key` is claimed within `ttlSeconds`, false after. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back after a failed handling, so the platform's retry is handled. */
  release(key: string): Promise<void>;
}

/** One storage back end: SQLite (embedded default) or Redis. */
export interface Storage {
  kind: 'sqlite' | 'redis';
  sessions: SessionStore;
  claims: UpdateClaims;
  /** Resolves when the store answers; used by /healthz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
