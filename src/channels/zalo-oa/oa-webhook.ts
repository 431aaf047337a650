import type { Logger } from 'pino';
import type { HttpServer } from '../../http/create-server.js';
import { OA_EVENTS, oaEnvelopeSchema, oaEventSchema, type OaEvent } from './oa-event.js';
import { oaSignatureMatches } from './oa-signature.js';

export const ZALO_OA_WEBHOOK_PATH = '/zalo-oa/webhook';
const SIGNATURE_HEADER = 'x-zevent-signature';
const MAX_BODY_BYTES = 1024 * 1024;
/** An event older than this, or this far ahead of our clock, is refused (a replayed or forged post). */
export const OA_MAX_SKEW_MS = 5 * 60 * 1000;

export interface OaWebhookOptions {
  appId: string;
  secretKey: string;
  handle: (e: OaEvent) => Promise<void>;
  logger: Logger;
  now?: () => number;
}

/**
 * POST /zalo-oa/webhook. The signature is checked over the raw body before anything is handled:
 * no or a wrong X-ZEvent-Signature, or a stale timestamp, is 401; a body that is not an OA event is
 * 400; an event the bot does not handle is 200 (and ignored, logged once per event name at debug);
 * a handled event is 200 once handled, 500 when it could not be (Zalo posts it again).
 */
export function zaloOaWebhookRoutes(http: HttpServer, o: OaWebhookOptions): void {
  const now = o.now ?? Date.now;
  const ignored = new Set<string>();
  // Its own scope: JSON bodies arrive as text here, for the signature, and are parsed below.
  void http.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => done(null, body));
    scope.post(ZALO_OA_WEBHOOK_PATH, { bodyLimit: MAX_BODY_BYTES }, async (request, reply) => {
      const signature = request.headers[SIGNATURE_HEADER];
      if (typeof signature !== 'string') return reply.status(401).send({ error: 'missing signature' });
      const raw = typeof request.body === 'string' ? request.body : '';
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return reply.status(400).send({ error: 'body is not JSON' });
      }
      const envelope = oaEnvelopeSchema.safeParse(json);
      if (!envelope.success) return reply.status(400).send({ error: 'body is not a Zalo OA event (event_name and timestamp expected)' });
      if (!oaSignatureMatches(signature, o.appId, raw, envelope.data.timestamp, o.secretKey)) return reply.status(401).send({ error: 'wrong signature' });
      if (Math.abs(now() - Number(envelope.data.timestamp)) > OA_MAX_SKEW_MS) return reply.status(401).send({ error: 'stale timestamp' });
      const name = envelope.data.event_name;
      if (!OA_EVENTS.has(name)) {
        if (!ignored.has(name) && ignored.size < 100) {
          ignored.add(name);
          o.logger.debug({ event: name }, 'zalo oa event ignored');
        }
        return { ok: true };
      }
      const event = oaEventSchema.safeParse({ ...(json as object), timestamp: envelope.data.timestamp });
      if (!event.success) return reply.status(400).send({ error: `malformed ${name} event` });
      try {
        await o.handle(event.data);
      } catch {
        return reply.status(500).send({ error: 'event could not be handled; retry' });
      }
      return { ok: true };
    });
  });
}
