import type { z } from 'zod';
import type { sourceSchema, entrySchema } from './entry-schema.js';
import type { Topic } from './topics.js';

export type Source = z.infer<typeof sourceSchema>;

/** One policy entry of the knowledge base, with the topic of the file it came from. */
export type Entry = z.infer<typeof entrySchema> & { topic: Topic; file: string };

export type Bilingual = { vi: string; en: string };

/** The entry's rule ended before `day` (an ISO day in Vietnam): it is history, not the answer of today. */
export function isHistory(entry: Pick<Entry, 'period'>, day: string): boolean {
  return entry.period?.to !== undefined && entry.period.to < day;
}
