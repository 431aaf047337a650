/** A choice the member can pick: a button where the channel has them, a numbered line where not. */
export interface Choice {
  /** Short machine id (≤ 60 bytes, so it fits Telegram's callback_data), e.g. `entry:credit-fund`. */
  id: string;
  label: string;
}

/** One message from the bot; channels render it with what the platform can do. */
export interface Reply {
  text: string;
  choices?: Choice[];
  /**
   * A photo shown with the text (an announcement's), by its public address; the text is its caption.
   * `fallback` is the line sent instead when the platform cannot fetch the photo.
   */
  photo?: { url: string; fallback: string };
}
