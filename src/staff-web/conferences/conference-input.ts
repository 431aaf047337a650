import { z } from 'zod';
import type { Conference } from '../../conversation/forms/form-definition.js';
import { vietnamDayStart } from '../../tickets/export/ticket-table.js';
import { checkInput, type Checked } from './checked-input.js';

/** Why a field of the conference form was refused; the console words each code in the admin's language. */
export type ConferenceProblem = 'required' | 'too-long' | 'bad-id' | 'not-a-date' | 'deadline-after-date' | 'id-taken' | 'not-found';

export const MAX_CONFERENCE_NAME = 200;
export const MAX_CONFERENCE_PLACE = 300;
/** As the export's --conference takes it (src/cli/export-args.ts). */
export const MAX_CONFERENCE_ID = 60;

/** One line of text: inner runs of white space (line breaks too) made one space, outer ones trimmed. */
const line = (max: number) =>
  z
    .string('required')
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'required').max(max, 'too-long'));

const bilingualLine = (max: number) => z.object({ vi: line(max), en: line(max) }, 'required');

/** A day as YYYY-MM-DD that exists on the calendar (2026-02-30 does not). */
function isRealDay(day: string): boolean {
  try {
    vietnamDayStart(day);
    return true;
  } catch {
    return false;
  }
}

const isoDay = z.string('required').trim().min(1, 'required').refine(isRealDay, 'not-a-date');

const detailsShape = { name: bilingualLine(MAX_CONFERENCE_NAME), date: isoDay, place: bilingualLine(MAX_CONFERENCE_PLACE), deadline: isoDay };
/** Checked once both days are real days (a bad day is already refused on its own). */
const deadlineNotAfterDate = (c: { date: string; deadline: string }) => !isRealDay(c.date) || !isRealDay(c.deadline) || c.deadline <= c.date;
const deadlineProblem = { message: 'deadline-after-date', path: ['deadline'] };

/** What an admin edits: everything but the id, which names the conference in tickets and exports. */
export const conferenceDetailsSchema = z.object(detailsShape, 'required').refine(deadlineNotAfterDate, deadlineProblem);

/** A new conference: a short id of lower-case letters, digits and hyphens (it shows in exports), and its details. */
export const newConferenceSchema = z
  .object(
    {
      id: z
        .string('required')
        .trim()
        .min(1, 'required')
        .max(MAX_CONFERENCE_ID, 'too-long')
        .regex(/^[a-z0-9][a-z0-9-]*$/, 'bad-id'),
      ...detailsShape,
    },
    'required',
  )
  .refine(deadlineNotAfterDate, deadlineProblem);

export type ConferenceDetails = Omit<Conference, 'id'>;

const FORM_PROBLEMS = ['too-long', 'bad-id', 'not-a-date', 'deadline-after-date'] as const;

/** A new conference from the console's form, checked. */
export function checkNewConference(input: unknown): Checked<Conference, ConferenceProblem> {
  return checkInput(newConferenceSchema, input, FORM_PROBLEMS);
}

/** A conference's edited details from the console's form, checked. */
export function checkConferenceDetails(input: unknown): Checked<ConferenceDetails, ConferenceProblem> {
  return checkInput(conferenceDetailsSchema, input, FORM_PROBLEMS);
}
