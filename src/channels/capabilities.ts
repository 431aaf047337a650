/** What a platform can show; renderers read this instead of asking which platform it is. */
export interface Capabilities {
  /** Choices as tappable buttons; otherwise a numbered list the member answers with a number. */
  buttons: boolean;
  /** Longest text one message may carry. */
  maxTextLength: number;
  /** At most this many choices under an answer, where a long numbered list would bury it. */
  maxAnswerChoices?: number;
}
