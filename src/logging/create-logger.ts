import { pino, type Logger } from 'pino';

/**
 * JSON-lines logger. Members' phone numbers and message texts are personal data (Decree 13/2023):
 * they are never logged at info level, and these fields are redacted at every level.
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stdout): Logger {
  return pino(
    {
      level,
      base: { app: 'tro-ly-htx' },
      redact: { paths: ['text', 'phone', '*.text', '*.phone', 'message.text', 'update.message.text'], censor: '[redacted]' },
    },
    destination as pino.DestinationStream,
  );
}
