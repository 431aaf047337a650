import type { Bilingual } from '../../knowledge/entry.js';
import type { TicketKind } from '../../tickets/ticket.js';

interface FieldBase {
  id: string;
  prompt: Bilingual;
  optional?: boolean;
}

/** One question of a form; the type decides how the answer is read and checked. */
export type FieldDef =
  | (FieldBase & { type: 'text'; min: number; max: number })
  | (FieldBase & { type: 'choice'; options: Array<{ value: string; label: Bilingual }> })
  | (FieldBase & { type: 'commune' | 'topic' | 'phone' | 'yesno' | 'photos' });

/** A form as data (flows/forms/*.yaml), run by the core on every channel. */
export interface FormDef {
  id: 'concern' | 'difficulty';
  kind: TicketKind;
  title: Bilingual;
  intro: Bilingual;
  fields: FieldDef[];
}

/** A dialogue conference (flows/conferences.yaml). */
export interface Conference {
  id: string;
  name: Bilingual;
  date: string;
  place: Bilingual;
  /** Last day to submit a concern (inclusive, Vietnam time). */
  deadline: string;
}

/** Matches what a member typed against the province's communes and wards. */
export interface CommuneMatch {
  /** The official name when the text names one unit unambiguously. */
  exact?: string;
  /** Close names to offer when it does not. */
  suggestions: string[];
}

export type FormAnswer = string | string[] | boolean | null;
export type FormAnswers = Record<string, FormAnswer>;
