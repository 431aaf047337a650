import { pino, type Logger } from 'pino';
import { secretRedactor } from './redact-secrets.js';

/**
 * JSON-lines logger. Members' phone numbers and message texts are personal data (Decree 13/2023):
 * they are never logged at info level, and these fields are redacted at every level. Secrets (bot
 * tokens, webhook secrets, passwords) are removed from every line, whatever field carries them: an
 * error message with a request URL, a serialised error's stack.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout, secrets: readonly string[] = []): Logger {
  const redact = secretRedactor(secrets);
  const scrub = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return redact(value);
    if (depth > 6 || value === null || typeof value !== 'object') return value;
    if (value instanceof Error) return scrub({ type: value.name, message: value.message, stack: value.stack }, depth + 1);
    if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
  };
  return pino(
    {
      level,
      base: { app: 'tro-ly-htx' },
      redact: { paths: ['text', 'phone', '*.text', '*.phone', 'message.text', 'update.message.text'], censor: '[redacted]' },
      formatters: { log: (object) => scrub(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // The message string (the last string argument) is scrubbed too.
          method.apply(this, args.map((a) => (typeof a === 'string' ? redact(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination as pino.DestinationStream,
  );
}
