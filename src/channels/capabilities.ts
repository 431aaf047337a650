/** What a platform can show; renderers read this instead of asking which platform it is. */
export interface Capabilities {
  /** Choices as tappable buttons; otherwise a numbered list the member answers with a number. */
  buttons: boolean;
  /** Longest text one message may carry. */
  maxTextLength: number;
}
