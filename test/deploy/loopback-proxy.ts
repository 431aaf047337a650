import Fastify from 'fastify';
import fastifyHttpProxy from '@fastify/http-proxy';

/** A reverse proxy on loopback in front of the bot processes, as Caddy is in deploy/compose.yaml. */
export interface LoopbackProxy {
  url: string;
  /** Requests sent to each upstream, in the order the upstreams were given. */
  served: number[];
  close(): Promise<void>;
}

/**
 * Starts a reverse proxy (@fastify/http-proxy) that hands each request to the next of `upstreams`
 * in turn (round robin), bodies streamed untouched, the client's address passed on in
 * X-Forwarded-For as Caddy does. Where Docker is not available this stands in for the compose
 * topology's Caddy; /metrics is not proxied (each process is scraped on its own address).
 */
export async function startLoopbackProxy(upstreams: string[]): Promise<LoopbackProxy> {
  if (upstreams.length === 0) throw new Error('a proxy needs at least one upstream');
  const served = upstreams.map(() => 0);
  let next = 0;
  const proxy = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  proxy.get('/metrics', async (_request, reply) => reply.status(404).send({ error: 'not here: scrape each process' }));
  await proxy.register(fastifyHttpProxy, {
    // No fixed upstream: each request's origin comes from getUpstream (an undici pool per origin).
    upstream: '',
    undici: { connections: 128, pipelining: 1 },
    replyOptions: {
      getUpstream: () => {
        const index = next++ % upstreams.length;
        served[index]!++;
        return upstreams[index]!;
      },
      rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-forwarded-for': request.ip }),
    },
  });
  await proxy.listen({ port: 0, host: '127.0.0.1' });
  const address = proxy.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, served, close: () => proxy.close() };
}
