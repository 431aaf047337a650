import { z } from 'zod';
import { entrySchema } from '../knowledge/entry-schema.js';
import { TOPICS } from '../knowledge/topics.js';
import { organisationSchema } from '../flows/load-flows.js';
import { conferenceDetailsSchema } from '../staff-web/conferences/conference-input.js';
import type { Entry } from '../knowledge/entry.js';
import type { ContentKind } from './content-store.js';

/** A stored knowledge entry: the file's entry with its topic (the file it is exported to follows from it). */
export const entryBodySchema = entrySchema.extend({ topic: z.enum(TOPICS) });
export type EntryBody = z.infer<typeof entryBodySchema>;

/** A stored conference: its id and the details an admin edits. */
export const conferenceBodySchema = z.object({ id: z.string().min(1) }).and(conferenceDetailsSchema);

/** The one organisation document's id. */
export const ORGANISATION_ID = 'organisation';

/** Each kind's schema: the same zod schemas as the files under flows/, so a body that passes here is a body the files accept. */
export const BODY_SCHEMAS: Record<ContentKind, z.ZodType> = {
  entry: entryBodySchema,
  organisation: organisationSchema,
  conference: conferenceBodySchema,
};

/** The file an entry of this topic is exported to (and was loaded from). */
export const entryFile = (topic: string) => `flows/knowledge/${topic}.yaml`;

/** A stored entry body as the knowledge base uses it. */
export const entryFromBody = (body: EntryBody): Entry => ({ ...body, file: entryFile(body.topic) });

/** The body stored for a file's entry (the file name is not content). */
export const bodyFromEntry = ({ file: _file, ...body }: Entry): EntryBody => body;
