import { TELEGRAM_WEBHOOK_PATH } from '../channels/telegram/webhook.js';
import { WEB_CHAT_PATH } from '../channels/web/web-chat-route.js';
import { ZALO_WEBHOOK_PATH } from '../channels/zalo/zalo-webhook.js';
import type { HttpServer } from '../http/create-server.js';
import { secretMatches } from '../http/secret.js';
import { createMetrics, noMetrics, type Metrics, type MetricsOptions, type RegisteredMetrics } from './metrics.js';

export const METRICS_PATH = '/metrics';

/** Routes that take members' updates: a 4xx there is an update refused (wrong secret, bad body, too many). */
const UPDATE_ROUTES: Record<string, string> = { [TELEGRAM_WEBHOOK_PATH]: 'telegram', [ZALO_WEBHOOK_PATH]: 'zalo', [WEB_CHAT_PATH]: 'web' };

/** The app's metrics, and how they join its HTTP server. */
export interface AppMetrics extends Metrics {
  /** Times every response and counts 429s and refused updates; serves GET /metrics. Call before other routes. */
  register(http: HttpServer): void;
}

/**
 * Metrics when METRICS_TOKEN is set: counted in a registry of this app and served at GET /metrics
 * to a client that shows the token as `Authorization: Bearer <token>` (401 otherwise). Without a
 * token nothing is counted and /metrics does not exist (404).
 */
export function appMetrics(token: string | null, options: MetricsOptions): AppMetrics {
  if (!token) return { ...noMetrics, register: () => undefined };
  const metrics = createMetrics(options);
  return { ...metrics, register: (http) => registerMetrics(http, metrics, token) };
}

function registerMetrics(http: HttpServer, metrics: RegisteredMetrics, token: string): void {
  http.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route === METRICS_PATH) return done();
    const status = reply.statusCode;
    metrics.request(request.method, route ?? 'unmatched', status, reply.elapsedTime / 1000);
    if (status === 429) metrics.rateLimited('http');
    const channel = route ? UPDATE_ROUTES[route] : undefined;
    if (channel && status >= 400 && status < 500) metrics.update(channel, 'rejected');
    done();
  });
  http.get(METRICS_PATH, async (request, reply) => {
    // The token is compared in constant time and never logged.
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!secretMatches(presented, token)) return reply.status(401).header('www-authenticate', 'Bearer').send({ error: 'a bearer token is required' });
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
  });
}
