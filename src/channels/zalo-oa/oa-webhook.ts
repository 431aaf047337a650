import type { Logger } from 'pino';
import type { HttpServer } from '../../http/create-server.js';
import { OA_EVENTS, oaEnvelopeSchema, oaEventSchema, type OaEvent } from './oa-event.js';
import { oaSignatureMatches } from './oa-signature.js';

export const ZALO_OA_WEBHOOK_PATH = '/zalo-oa/webhook';
const SIGNATURE_HEADER = 'x-zevent-signature';
const MAX_BODY_BYTES = 1024 * 1024;
/** An event this far ahead of our clock is refused (a forged post, or a clock gone wrong). */
export const OA_MAX_SKEW_MS = 5 * 60 * 1000;
/**
 * An event older than this is refused as stale. Not minutes: a message the bot could not take during
 * a storage outage was answered 500 and the member told it is kept, and Zalo posts it again, with the
 * time it was sent. A replay inside the day is handled once anyway (claimed by its msg_id).
 */
export const OA_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface OaWebhookOptions {
  appId: string;
  secretKey: string;
  handle: (e: OaEvent) => Promise<void>;
  logger: Logger;
  now?: () => number;
}

/** What the webhook answers a post: the status, and the event to handle (or the event name ignored). */
export type OaWebhookReading = { status: 200; event: OaEvent } | { status: 200; ignored: string } | { status: 400 | 401; error: string };

/**
 * Reads one webhook post after HTTP: the signature is checked over the raw body before anything is
 * handled — no or a wrong X-ZEvent-Signature, or a stale timestamp, is 401; a body that is not an OA
 * event is 400; an event the bot does not handle is 200 and ignored.
 */
export function readOaWebhook(raw: string, signature: string | string[] | undefined, o: { appId: string; secretKey: string; now: number }): OaWebhookReading {
  if (typeof signature !== 'string') return { status: 401, error: 'missing signature' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: 400, error: 'body is not JSON' };
  }
  const envelope = oaEnvelopeSchema.safeParse(json);
  if (!envelope.success) return { status: 400, error: 'body is not a Zalo OA event (event_name and timestamp expected)' };
  if (!oaSignatureMatches(signature, o.appId, raw, envelope.data.timestamp, o.secretKey)) return { status: 401, error: 'wrong signature' };
  const age = o.now - Number(envelope.data.timestamp);
  if (age > OA_MAX_AGE_MS || age < -OA_MAX_SKEW_MS) return { status: 401, error: 'stale timestamp' };
  const name = envelope.data.event_name;
  if (!OA_EVENTS.has(name)) return { status: 200, ignored: name };
  const event = oaEventSchema.safeParse({ ...(json as object), timestamp: envelope.data.timestamp });
  return event.success ? { status: 200, event: event.data } : { status: 400, error: `malformed ${name} event` };
}

/**
 * POST /zalo-oa/webhook ({@link readOaWebhook}); an event the bot does not handle is logged once
 * per event name at debug; a handled event is 200 once handled, 500 when it could not be (Zalo
 * posts it again).
 */
export function zaloOaWebhookRoutes(http: HttpServer, o: OaWebhookOptions): void {
  const now = o.now ?? Date.now;
  const ignored = new Set<string>();
  // Its own scope: JSON bodies arrive as text here, for the signature.
  void http.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));
    scope.post(ZALO_OA_WEBHOOK_PATH, { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
      const reading = readOaWebhook(typeof request.body === 'string' ? request.body : '', request.headers[SIGNATURE_HEADER], { appId: o.appId, secretKey: o.secretKey, now: now() });
      if ('error' in reading) return reply.status(reading.status).send({ error: reading.error });
      if ('ignored' in reading) {
        if (!ignored.has(reading.ignored) && ignored.size < 100) {
          ignored.add(reading.ignored);
          o.logger.debug({ event: reading.ignored }, 'zalo oa event ignored');
        }
        return { ok: true };
      }
      try {
        await o.handle(reading.event);
      } catch {
        return reply.status(500).send({ error: 'event could not be handled; retry' });
      }
      return { ok: true };
    });
  });
}
