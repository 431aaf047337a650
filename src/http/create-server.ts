import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isTransient } from '../channels/outage.js';

export type HttpServer = FastifyInstance<any, any, any, any, ZodTypeProvider>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface HttpServerOptions {
  logger: Logger;
  /** Files of the web chat page, served at `/`. */
  publicDir: string;
  /** Shared rate-limit counters across processes; unset: counters in this process. */
  redis?: Redis;
  /** Largest request body anywhere (a route may set less). */
  bodyLimit: number;
  /** Proxies to believe for the client address and https (TRUST_PROXY); none when unset. */
  trustProxy?: string | null;
}

/**
 * One HTTP server for the web chat, webhooks, health and static files, on Fastify: zod schemas at
 * every route, security headers with a strict Content-Security-Policy, rate limits per route
 * (shared through Redis when there is one). Bad input gets a clear status and a one-line reason; a
 * body over the limit gets 413 and the connection is closed.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger,
    // Request lines carry paths and ids; the routes log what matters themselves.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
    // Longer than clients' and proxies' idle timeouts, so a reused keep-alive socket is never closed under them.
    keepAliveTimeout: 65_000,
    // SIGTERM: idle keep-alive sockets are closed at once instead of holding the shutdown.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Only JSON bodies (and the multipart uploads a route registers): a cross-site form or text/plain
  // POST, which a browser sends without asking first, is refused.
  app.removeContentTypeParser('text/plain');

  // Security headers by helmet, built once: @fastify/helmet builds the middleware again for every
  // request, a twentieth of the web chat's time (`npm run bench -- --only web`).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Not upgrade-insecure-requests: on plain http (a phone trying the page on the local network)
        // it makes the browser ask for the script and styles over https, and the page does nothing.
        upgradeInsecureRequests: null,
      },
    },
    // The page is served over plain http on loopback in development; https is the proxy's job.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));
  await app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis, nameSpace: 'htx:rate:' } : {}),
    // A request the limit store cannot count (Redis down) is let through, not refused.
    skipOnError: true,
  });
  // The page changes with each release; browsers revalidate instead of keeping an old script.
  await app.register(fastifyStatic, { root: options.publicDir, prefix: '/', index: ['index.html'], cacheControl: false, setHeaders: (res) => void res.header('cache-control', 'no-cache') });

  let lastOutageLog = 0;
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const issue = error.validation[0];
      const where = issue?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || (error.validationContext ?? 'body');
      return reply.status(400).send({ error: `${where}: ${issue?.message ?? 'invalid'}` });
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      // The rest of an oversized body is not read: the connection cannot be reused.
      reply.header('connection', 'close');
      const limit = request.routeOptions.bodyLimit ?? options.bodyLimit;
      return reply.status(413).send({ error: `body larger than ${limit} bytes` });
    }
    if (status === 429) return reply.status(429).send({ error: 'too many requests', retryAfterSeconds: Number(reply.getHeader('retry-after') ?? 60) });
    if (status < 500) return reply.status(status).send({ error: error.message });
    if (isTransient(error)) {
      // Storage unreachable: a quick 503 the page can show ("your text is kept, send it again"), logged once a minute.
      if (Date.now() - lastOutageLog > 60_000) {
        lastOutageLog = Date.now();
        request.log.error({ path: request.routeOptions.url, err: error.message }, 'requests cannot be handled now (outage)');
      }
      return reply.status(503).header('retry-after', '5').send({ error: 'temporarily unavailable: nothing was changed, send it again in a moment', retry: true });
    }
    request.log.error({ path: request.routeOptions.url, err: error.message }, 'http handler failed');
    return reply.status(500).send({ error: 'internal error' });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const other = (['GET', 'POST', 'PUT', 'DELETE'] as const).some((method) => method !== request.method && app.hasRoute({ method, url: path }));
    return reply.status(other ? 405 : 404).send({ error: other ? 'method not allowed' : 'not found' });
  });
  return app;
}
