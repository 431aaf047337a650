import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkInput, type Checked } from '../conferences/checked-input.js';
import type { SavedReply, SavedReplyStore } from './saved-reply-store.js';

export const MAX_SAVED_REPLY_TITLE = 80;
/** As long as a staff reply may be. */
export const MAX_SAVED_REPLY_TEXT = 2000;

/** Why a field of the saved-reply form was refused; the console words each code. */
export type SavedReplyProblem = 'required' | 'too-long' | 'not-found';

/** What staff type: a title on one line, and the text (line breaks kept). */
export const savedReplyInputSchema = z.object(
  {
    title: z
      .string('required')
      .transform((s) => s.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'required').max(MAX_SAVED_REPLY_TITLE, 'too-long')),
    text: z.string('required').trim().min(1, 'required').max(MAX_SAVED_REPLY_TEXT, 'too-long'),
  },
  'required',
);

type Input = z.infer<typeof savedReplyInputSchema>;
const check = (input: unknown): Checked<Input, SavedReplyProblem> => checkInput(savedReplyInputSchema, input, ['too-long'] as const);

/** Staff save a new reply from the console's form. */
export async function createSavedReply(store: SavedReplyStore, input: unknown, now: Date): Promise<Checked<SavedReply, SavedReplyProblem>> {
  const checked = check(input);
  if (!checked.ok) return checked;
  const reply: SavedReply = { id: randomUUID(), ...checked.value, updatedAt: now.toISOString() };
  await store.add(reply);
  return { ok: true, value: reply };
}

/** Staff change a saved reply's title or text. */
export async function editSavedReply(store: SavedReplyStore, id: string, input: unknown, now: Date): Promise<Checked<SavedReply, SavedReplyProblem>> {
  const checked = check(input);
  if (!checked.ok) return checked;
  const reply: SavedReply = { id, ...checked.value, updatedAt: now.toISOString() };
  if (!(await store.replace(reply))) return { ok: false, problems: [{ field: 'id', problem: 'not-found' }] };
  return { ok: true, value: reply };
}
