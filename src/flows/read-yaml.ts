import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ContentError } from '../knowledge/load-knowledge.js';

/** Reads a YAML file of flows/ and validates it; a bad file stops start-up naming the file and the field. */
export function readYaml<T>(path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ContentError(`${path}: invalid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ContentError(`${path}: field ${issue.path.join('.') || '(file)'}: expected ${issue.message}`);
  }
  return parsed.data;
}
