import { z } from 'zod';
import { TOPICS } from '../../knowledge/topics.js';

/** An empty field of the filter form means "any". */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

/** The queue's filters as the page's GET form sends them; anything unexpected is ignored, never an error. */
export const queueFilters = z.object({
  state: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'new', 'in-progress', 'answered', 'closed']).default('open')).catch('open'),
  kind: optional(z.enum(['concern', 'difficulty', 'question'])),
  topic: optional(z.enum(TOPICS)),
  urgency: optional(z.enum(['normal', 'urgent'])),
  commune: optional(z.string().trim().max(100)),
  /** An account's name, or "-" for tickets nobody has taken. */
  assignee: optional(z.string().trim().max(80)),
  again: optional(z.literal('1')),
  q: optional(z.string().trim().max(100)),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type QueueFilters = z.infer<typeof queueFilters>;

export const PAGE_SIZE = 50;

/** The same filters as a query string (pagination links, the live refresh). */
export function filtersQuery(f: QueueFilters, page = f.page): string {
  const entries = Object.entries({ ...f, page: page === 1 ? undefined : page }).filter(([k, v]) => v !== undefined && !(k === 'state' && v === 'open'));
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
