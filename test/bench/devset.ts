import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { TOPICS } from '../../src/knowledge/topics.js';

export const devItemSchema = z.object({
  q: z.string().min(1),
  topic: z.enum(TOPICS).nullable(),
  accented: z.boolean(),
  lang: z.enum(['vi', 'en']),
  /** The entries that answer the question (any one will do); absent for out-of-scope questions. */
  entries: z.array(z.string().min(1)).min(1).optional(),
});
export type DevItem = z.infer<typeof devItemSchema>;

/** The dev set of realistic member questions (test/bench/devset.jsonl), validated line by line. */
export function loadDevset(path = join(import.meta.dirname, 'devset.jsonl')): DevItem[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = devItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`devset.jsonl:${i + 1}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    });
}
