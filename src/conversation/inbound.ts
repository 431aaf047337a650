/** What a member can send that the bot does not understand (yet); each gets a friendly reply. */
export type UnsupportedKind = 'sticker' | 'voice' | 'audio' | 'video' | 'location' | 'contact' | 'document' | 'other';

interface InboundBase {
  /** The channel and its chat, e.g. `telegram:123`, `zalo:abc`, `web:xyz`. */
  conversationId: string;
  /** The language the platform reports for the user (e.g. Telegram's language_code), if any. */
  languageHint?: string;
  /** The channel shows at most this many choices under an answer (Zalo: a numbered list on a small screen). */
  maxAnswerChoices?: number;
  /** False where choices are a numbered list the member answers by typing (Zalo); default true. */
  buttons?: boolean;
  /** The channel already limits how often this member may send (the web chat's HTTP limits). */
  rateLimited?: boolean;
}

/** One message from a member, as every channel adapter translates it. */
export type InboundMessage = InboundBase &
  (
    | { kind: 'text'; text: string }
    | { kind: 'command'; command: string; args: string }
    | { kind: 'choice'; choiceId: string }
    | { kind: 'photo'; photo: string; caption?: string }
    | { kind: 'unsupported'; what: UnsupportedKind }
  );

/** Reads "/start", "/status@MyBot KN-2026-0001" style commands; returns undefined for other text. */
export function parseCommand(text: string): { command: string; args: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match) return undefined;
  return { command: match[1]!.toLowerCase(), args: (match[2] ?? '').trim() };
}
