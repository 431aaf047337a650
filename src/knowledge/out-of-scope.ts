import { z } from 'zod';
import { readYaml } from '../flows/read-yaml.js';

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
  return readYaml(path, fileSchema).groups;
}
