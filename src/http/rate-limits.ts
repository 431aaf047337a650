import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CreateRateLimitOptions } from '@fastify/rate-limit';
import type { HttpServer } from './create-server.js';

/**
 * An onRequest hook that applies several limits to one route, each counted in the plugin's store
 * (Redis when configured). The plugin's own route hooks cannot be stacked: the first marks the
 * request as limited and the others then let it through uncounted. The first limit exceeded
 * answers 429 with the seconds to wait; the headers show the tightest limit.
 */
export function rateLimits(http: HttpServer, limits: CreateRateLimitOptions[]): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const checks = limits.map((options) => http.createRateLimit(options));
  return async (request, reply) => {
    let tightest: { max: number; remaining: number; ttlInSeconds: number } | undefined;
    for (const check of checks) {
      const result = await check(request);
      if (result.isAllowed) continue;
      if (result.isExceeded) {
        reply.header('x-ratelimit-limit', result.max).header('x-ratelimit-remaining', 0).header('x-ratelimit-reset', result.ttlInSeconds);
        reply.header('retry-after', result.ttlInSeconds);
        return reply.status(429).send({ error: 'too many requests', retryAfterSeconds: result.ttlInSeconds });
      }
      if (!tightest || result.remaining < tightest.remaining) tightest = result;
    }
    if (tightest) reply.header('x-ratelimit-limit', tightest.max).header('x-ratelimit-remaining', tightest.remaining).header('x-ratelimit-reset', tightest.ttlInSeconds);
  };
}
