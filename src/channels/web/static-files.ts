import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteHandler } from '../../http/router.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** Serves one file of the web chat page, read once at start-up. */
export function staticFile(dir: string, name: string): RouteHandler {
  const body = readFileSync(join(dir, name));
  const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
  return (_req, res) => {
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };
}
