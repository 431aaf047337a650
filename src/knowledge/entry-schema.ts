import { z } from 'zod';
import { TOPICS } from './topics.js';

export const MAX_ANSWER_CHARS = 1500;
export const MAX_DETAIL_CHARS = 600;
/** Entry ids travel in Telegram callback_data (≤ 64 bytes) behind a short prefix. */
export const MAX_ID_LENGTH = 48;

/** The day exists on the calendar (JavaScript's Date.parse takes 2021-02-30 for 2 March). */
function onTheCalendar(s: string): boolean {
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(s)) return true; // the format is reported on its own
  const [y, m, d = 1] = s.split('-').map(Number) as [number, number, number?];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'an ISO date like 2024-07-01 (quoted)')
  .refine(onTheCalendar, 'a real calendar date');

/** A document date: the day, or only the month ("2022-12") when the copy does not print the day. */
const documentDate = z
  .string()
  .regex(/^\d{4}-\d{2}(-\d{2})?$/, 'an ISO date like 2024-07-01, or a month like 2022-12 when the day is unknown (quoted)')
  .refine(onTheCalendar, 'a real calendar date');

const bilingual = (max: number) =>
  z.object({
    vi: z.string().trim().min(1, 'Vietnamese text').max(max, `at most ${max} characters`),
    en: z.string().trim().min(1, 'English text').max(max, `at most ${max} characters`),
  });

export const sourceSchema = z
  .object({
    kind: z.enum(['law', 'decree', 'decision', 'resolution', 'circular', 'plan', 'other']),
    number: z.string().trim().min(3, 'the document number as printed, e.g. 45/2021/NĐ-CP'),
    title: z.string().trim().min(3),
    article: bilingual(200).optional(),
    issued: documentDate,
    effective: documentDate,
    status: z.enum(['in-force', 'replaced', 'expired']),
    replacedBy: z.string().trim().optional(),
    url: z.url().optional(),
    /** The document applies from a day before it was signed (a tax decree from the start of the tax year). */
    retroactive: z.boolean().optional(),
    /** Read only in a secondary copy (a summary, a news page), not the signed text: the answer says so. */
    secondary: z.boolean().optional(),
  })
  .refine((s) => s.status !== 'replaced' || (s.replacedBy ?? '').length > 0, {
    message: 'replacedBy is required when status is replaced',
    path: ['replacedBy'],
  })
  .refine((s) => s.retroactive === true || s.effective >= s.issued, {
    message: 'an effective date on or after the issue date (mark retroactive: true if the document applies from an earlier day)',
    path: ['effective'],
  });

/** The period a rule applies to; after `to` (Vietnam time) the entry is history. */
const periodSchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((p) => p.from !== undefined || p.to !== undefined, 'from, to, or both')
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from on or before to', path: ['to'] });

/** A date the answer counts to on the day it is read ("còn 12 ngày", "đã hết ngày 2/11/2026"). */
const deadlineSchema = z.object({ date: isoDate, label: bilingual(160) });

/** Blocks an answer builds from flows/ data at the time it is read, instead of a fixed text. */
export const LIVE_BLOCKS = ['next-conference', 'organisation'] as const;

export const entrySchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'kebab-case: lower-case letters, digits and dashes')
    .max(MAX_ID_LENGTH, `at most ${MAX_ID_LENGTH} characters`),
  title: bilingual(120),
  answer: bilingual(MAX_ANSWER_CHARS),
  eligibility: bilingual(MAX_DETAIL_CHARS),
  howToApply: bilingual(MAX_DETAIL_CHARS),
  provincialNote: bilingual(MAX_DETAIL_CHARS).optional(),
  sources: z.array(sourceSchema).min(1, 'at least one source'),
  questions: z.array(z.string().trim().min(3)).min(3, 'at least 3 example questions'),
  // YAML reads a bare 21.5 as a number; a keyword is text either way.
  keywords: z.array(z.union([z.string().trim().min(1), z.number().transform(String)])).default([]),
  related: z.array(z.string()).default([]),
  reviewed: isoDate,
  /** When the rule applies (tax years, programme years). An entry whose period has ended is history. */
  period: periodSchema.optional(),
  /** The entry in force that leads instead of this one once its period has ended. */
  supersededBy: z.string().optional(),
  /** One line on the rule that applied before, shown inside the entry in force. */
  previously: bilingual(400).optional(),
  deadlines: z.array(deadlineSchema).default([]),
  /**
   * The answer's first line once a day has passed (a request deadline, the start of a new rule), so
   * the direct answer stays true on the day it is read: the latest passed one replaces the first line.
   */
  leadAfter: z.array(z.object({ after: isoDate, vi: z.string().trim().min(1).max(400), en: z.string().trim().min(1).max(400) })).default([]),
  live: z.array(z.enum(LIVE_BLOCKS)).default([]),
});

export const knowledgeFileSchema = z.object({
  topic: z.enum(TOPICS),
  entries: z.array(entrySchema).min(1, 'at least one entry'),
});
