import type { Conference } from '../../conversation/forms/form-definition.js';
import { nextOpenConference } from '../../flows/load-flows.js';
import type { Checked } from './checked-input.js';
import { checkConferenceDetails, checkNewConference, type ConferenceProblem } from './conference-input.js';
import type { ConferenceStore } from './conference-store.js';

/** An admin creates a conference from the console's form: checked, then added unless its id is taken. */
export async function createConference(store: ConferenceStore, input: unknown): Promise<Checked<Conference, ConferenceProblem>> {
  const checked = checkNewConference(input);
  if (!checked.ok) return checked;
  if (!(await store.add(checked.value))) return { ok: false, problems: [{ field: 'id', problem: 'id-taken' }] };
  return checked;
}

/** An admin edits a conference's name, date, place or deadline (the id stays: tickets and exports name it). */
export async function editConference(store: ConferenceStore, id: string, input: unknown): Promise<Checked<Conference, ConferenceProblem>> {
  const checked = checkConferenceDetails(input);
  if (!checked.ok) return checked;
  const conference: Conference = { id, ...checked.value };
  if (!(await store.replace(conference))) return { ok: false, problems: [{ field: 'id', problem: 'not-found' }] };
  return { ok: true, value: conference };
}

/**
 * flows/conferences.yaml as the seed: adds the file's conferences the store does not have yet and
 * never touches one it has (an admin may have edited it). Safe at every start, from every process.
 * Returns the ids it added.
 */
export async function seedConferences(store: ConferenceStore, fromYaml: readonly Conference[]): Promise<string[]> {
  const added: string[] = [];
  for (const conference of fromYaml) if (await store.add(conference)) added.push(conference.id);
  return added;
}

/**
 * The conference taking concerns at `now`, from the store: the same rule as the yaml-based
 * calendar (the earliest deadline not yet passed, deadlines ending at 23:59 in Vietnam).
 */
export async function nextOpenConferenceFrom(store: ConferenceStore, now: Date): Promise<Conference | undefined> {
  return nextOpenConference(await store.list(), now);
}
