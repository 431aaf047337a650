import multipart from '@fastify/multipart';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HttpServer } from '../../http/create-server.js';
import { MAX_PHOTO_BYTES, type PhotoStore, type WebInbox } from '../../storage/ports.js';
import { photoTypeOf } from './photo-type.js';
import { clientHeaders, clientIdOf } from './web-chat-route.js';
import { ownsPhoto, type WebEntry } from './web-entries.js';

/*
 * Photos from the web chat (same X-Client-Id header as the rest of the API):
 *
 *   POST /api/chat/photo   multipart/form-data with one file in the field "photo"
 *   → 200 {"photo": "<photo id>"}, then the page sends {"messageId", "photo": "<photo id>"} to POST /api/chat.
 *     The type is read from the bytes (JPEG, PNG or WebP), not from what the browser declared.
 *     413 {"error", "code": "photo-too-large"} above 5 MiB;
 *     415 {"error", "code": "photo-type"} for anything that is not a JPEG, PNG or WebP image
 *         (also for a body that is not multipart);
 *     429 {"error", "code": "photo-rate", "retryAfterSeconds"} after 20 photos from one browser in an hour.
 *
 *   GET /api/chat/photo/:id → the image, only to the browser that uploaded it (any other: 404, as for
 *     an id that does not exist). Staff see photos through the staff desk.
 */

export const WEB_PHOTO_PATH = '/api/chat/photo';
/** Photos one browser may upload in an hour. */
export const PHOTOS_PER_HOUR = 20;

const photoParams = z.object({ id: z.uuid() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The rate-limit key: the browser's id when it has a valid one, else its address. */
function photoRateKey(request: FastifyRequest): string {
  const id = request.headers['x-client-id'];
  return typeof id === 'string' && UUID.test(id) ? `web-photo:${id.toLowerCase()}` : `web-photo-ip:${request.ip}`;
}

/**
 * Registers the photo routes in their own scope: multipart bodies are parsed there only (every other
 * route still takes JSON alone), with errors that say what a member can do about them.
 */
export function webPhotoRoutes(http: HttpServer, photos: PhotoStore, inbox: WebInbox): void {
  http.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    await scope.register(multipart, {
      limits: { files: 1, fileSize: MAX_PHOTO_BYTES, fields: 2, fieldSize: 1024, parts: 3, headerPairs: 50 },
    });

    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 413) {
        // The rest of an oversized upload is not read: the connection cannot be reused.
        reply.header('connection', 'close');
        return reply.status(413).send({ error: `the photo is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MiB`, code: 'photo-too-large' });
      }
      if (status === 429) {
        return reply.status(429).send({
          error: `at most ${PHOTOS_PER_HOUR} photos an hour from one browser; try again later`,
          code: 'photo-rate',
          retryAfterSeconds: Number(reply.getHeader('retry-after') ?? 3600),
        });
      }
      throw error; // the server's own handler answers the rest (validation 400, 500)
    });

    scope.post(
      WEB_PHOTO_PATH,
      {
        schema: { headers: clientHeaders },
        config: { rateLimit: { max: PHOTOS_PER_HOUR, timeWindow: '1 hour', keyGenerator: photoRateKey } },
      },
      async (request, reply) => {
        if (!request.isMultipart()) return reply.status(415).send({ error: 'send the photo as multipart/form-data in the field "photo"', code: 'photo-type' });
        const clientId = clientIdOf(request.headers);
        const file = await request.file();
        if (!file || file.fieldname !== 'photo') return reply.status(400).send({ error: 'one file is expected, in the field "photo"' });
        const data = await file.toBuffer();
        const type = photoTypeOf(data);
        if (!type) return reply.status(415).send({ error: 'this file is not a photo: only JPEG, PNG or WebP images are accepted', code: 'photo-type' });
        const id = await photos.save(data, type);
        await inbox.push(clientId, { from: 'upload', photo: id } satisfies WebEntry, `upload:${id}`);
        return { photo: id };
      },
    );

    scope.get(`${WEB_PHOTO_PATH}/:id`, { schema: { headers: clientHeaders, params: photoParams } }, async (request, reply) => {
      const id = request.params.id.toLowerCase();
      const photo = (await ownsPhoto(inbox, clientIdOf(request.headers), id)) ? await photos.load(id) : undefined;
      if (!photo) return reply.status(404).send({ error: 'no such photo' });
      return reply
        .header('content-type', photo.type)
        .header('content-disposition', 'inline')
        .header('cache-control', 'private, no-store')
        .send(photo.data);
    });
  });
}

/** Without a photo store, uploads are refused plainly instead of failing. */
export function noPhotoRoutes(http: HttpServer): void {
  const off = async (_request: FastifyRequest, reply: { status(code: number): { send(body: unknown): unknown } }) =>
    reply.status(503).send({ error: 'photos are not available on this server' });
  http.post(WEB_PHOTO_PATH, off);
  http.get(`${WEB_PHOTO_PATH}/:id`, off);
}
