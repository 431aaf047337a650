import type Database from 'better-sqlite3';

/**
 * Group commit for the embedded database. The writes of one turn of the event loop share one
 * transaction, committed just after it (setImmediate); every caller waits for that commit before it
 * answers anyone, so nothing is acknowledged that is not stored. A commit writes its pages to the
 * WAL once for all the member turns in it, which is what lets one SQLite file keep up with a busy
 * web chat (`npm run bench -- --only web`). Each adapter's own transactions nest inside as savepoints.
 */
export interface GroupCommit {
  /** Opens the batch this turn of the event loop writes into, if none is open. */
  begin(): void;
  /** Settles when everything written so far is committed (rejects if that commit failed). */
  flushed(): Promise<void>;
}

export function groupCommit(db: Database.Database): GroupCommit {
  let open: { done: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;

  function commit(): void {
    const batch = open!;
    open = undefined;
    try {
      db.exec('COMMIT');
      batch.resolve();
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      batch.reject(error);
    }
  }

  return {
    begin() {
      // A transaction opened by someone else (synchronous code running right now) is left alone.
      if (open || db.inTransaction) return;
      // IMMEDIATE: the write lock is taken now, so another process (the staff CLI) makes this wait
      // (busy_timeout) instead of failing the upgrade from a read lock later.
      db.exec('BEGIN IMMEDIATE');
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      done.catch(() => undefined); // a batch nobody waits for must not become an unhandled rejection
      open = { done, resolve, reject };
      setImmediate(commit);
    },
    flushed() {
      return open ? open.done : Promise.resolve();
    },
  };
}

/**
 * The same adapter, each call made inside the open batch; a call that returns a promise settles
 * only after the batch is committed.
 */
export function batched<T extends object>(adapter: T, commits: GroupCommit): T {
  const wrapped: Record<string, unknown> = { ...(adapter as Record<string, unknown>) };
  for (const [name, value] of Object.entries(adapter)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => unknown;
    wrapped[name] = (...args: unknown[]) => {
      commits.begin();
      const result = method.apply(wrapped, args);
      return result instanceof Promise ? result.then(async (value) => (await commits.flushed(), value)) : result;
    };
  }
  return wrapped as T;
}
