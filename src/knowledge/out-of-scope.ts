import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ContentError } from './load-knowledge.js';

/** A subject the bot declines (weather, gold price…), described by example phrases. */
export interface OffTopicGroup {
  id: string;
  phrases: string[];
}

const fileSchema = z.object({
  groups: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/, 'kebab-case'),
        phrases: z.array(z.string().trim().min(3)).min(1, 'at least one phrase'),
      }),
    )
    .min(1),
});

/** Loads flows/out-of-scope.yaml; a bad file stops start-up naming the file and the field. */
export function loadOutOfScope(path: string): OffTopicGroup[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ContentError(`${path}: invalid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContentError(`${path}: field ${issue.path.join('.')}: expected ${issue.message}`);
  }
  return parsed.data.groups;
}
