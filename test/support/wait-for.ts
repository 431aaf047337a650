/** Polls `predicate` every 20 ms until it gives a truthy value (which it returns), or fails after `timeoutMs`. */
export async function waitFor<T>(predicate: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the bot');
    await new Promise((r) => setTimeout(r, 20));
  }
}
