import type { Conference } from '../../conversation/forms/form-definition.js';

/**
 * The dialogue conferences, edited by admins in the console (flows/conferences.yaml is the seed).
 * One port, a SQLite and a Redis adapter, one contract suite. Values are checked before they get
 * here (conference-input.ts); the store keeps what it is given.
 */
export interface ConferenceStore {
  /** Every conference, earliest date first (then by id). */
  list(): Promise<Conference[]>;
  get(id: string): Promise<Conference | undefined>;
  /** Adds a conference under a new id; false, with nothing written, when the id is taken (also under concurrency). */
  add(conference: Conference): Promise<boolean>;
  /** Replaces the conference with the same id; false, with nothing written, when there is none. */
  replace(conference: Conference): Promise<boolean>;
}
