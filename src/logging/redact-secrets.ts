/** Patterns of secrets that may hide in URLs and messages even when not configured here (another bot's token). */
const TOKEN_PATTERNS = [
  /\bbot\d{5,}:[A-Za-z0-9_-]{20,}/g, // Telegram Bot API URL: https://api.telegram.org/bot<token>/method
  /\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g, // a bare Telegram token
  /(rediss?:\/\/[^:/@\s]*:)[^@\s]+@/g, // a Redis URL's password
];

/**
 * Removes secrets from a text: every configured secret (tokens, webhook secrets, passwords) and
 * anything shaped like a bot token or a URL password. Applied to every log line and logged error.
 */
export function secretRedactor(secrets: readonly string[]): (text: string) => string {
  const known = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const s of known) if (out.includes(s)) out = out.split(s).join('[secret]');
    for (const p of TOKEN_PATTERNS) out = out.replace(p, (match, prefix?: string) => (typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[secret]@` : '[secret]'));
    return out;
  };
}
