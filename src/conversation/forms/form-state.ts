import type { FormAnswers } from './form-definition.js';

/** A form being filled in, kept in the session so a member can leave and come back. */
export interface FormState {
  id: 'concern' | 'difficulty' | 'question';
  /** Index of the field being asked (fill phase). */
  step: number;
  phase: 'fill' | 'confirm' | 'pick-field';
  answers: FormAnswers;
  /** After an edit from the summary, go back to the summary instead of the next field. */
  backToSummary: boolean;
  /** A commune typed that matched no unit: kept until the member confirms it as typed. */
  unmatchedCommune?: string;
  /**
   * Set when the summary is first shown and stored with the session: sending the same submission
   * again (a retry after a crash, two processes at once) files one ticket, not two.
   */
  submissionKey?: string;
  /** Answers taken from the member's profile, offered at their field ("keep" or type another). */
  prefill?: Record<string, string>;
  /**
   * The member left the form for the menu: what they type is not taken as the form's answer (a
   * question asked from the menu is answered) until they choose to continue it.
   */
  paused?: boolean;
}
