import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/delivery/pacer.js';

describe('the pacer', () => {
  it('never starts more than max sends in any window, and keeps the order', async () => {
    const starts: Array<{ at: number; n: number }> = [];
    const pace = createPacer({ max: 5, perMs: 200 });
    const send = pace(async (part) => void starts.push({ at: Date.now(), n: part as number }));
    await Promise.all(Array.from({ length: 15 }, (_, i) => send(i, { key: `k${i}`, channel: 'telegram', parts: [i] }, 0)));
    expect(starts.map((s) => s.n)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    for (let i = 5; i < starts.length; i++) expect(starts[i]!.at - starts[i - 5]!.at).toBeGreaterThanOrEqual(200);
  });
});
