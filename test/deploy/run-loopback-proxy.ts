import { startLoopbackProxy } from './loopback-proxy.js';

/**
 * The loopback proxy in a process of its own, as Caddy is one (test/bench/scale-out-bench.ts): the
 * upstream URLs are the arguments; it prints `proxy at URL` when it listens and, on SIGTERM, the
 * requests each upstream was given as one JSON line before it exits.
 */
const upstreams = process.argv.slice(2);
if (upstreams.length === 0 || upstreams.some((u) => !/^http:\/\/127\.0\.0\.1:\d+$/.test(u))) {
  console.error('usage: run-loopback-proxy.ts http://127.0.0.1:PORT [http://127.0.0.1:PORT …]');
  process.exit(2);
}
const proxy = await startLoopbackProxy(upstreams);
console.log(`proxy at ${proxy.url}`);
process.once('SIGTERM', () => {
  console.log(JSON.stringify({ served: proxy.served }));
  void proxy.close().finally(() => process.exit(0));
});
