import { afterAll, beforeAll, beforeEach, describe } from 'vitest';

/** A store opened for a suite: emptied before each test, closed after the last. */
export interface OpenedStore<T> {
  store: T;
  reset: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * One describe block of a store's contract: the store opened once, emptied before each test and
 * closed at the end; `tests` reads it through the getter it is given.
 */
export function storeSuite<T>(title: string, open: () => Promise<OpenedStore<T>>, tests: (store: () => T) => void): void {
  describe(title, () => {
    let opened: OpenedStore<T> | undefined;
    beforeAll(async () => {
      opened = await open();
    });
    beforeEach(async () => opened!.reset());
    afterAll(async () => opened?.close());
    tests(() => opened!.store);
  });
}
