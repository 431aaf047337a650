import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Routes by exact "METHOD /path"; channels register their webhook routes here. */
export class Router {
  private readonly routes = new Map<string, RouteHandler>();

  add(method: string, path: string, handler: RouteHandler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  find(method: string, path: string): RouteHandler | undefined {
    return this.routes.get(`${method} ${path}`);
  }

  hasPath(path: string): boolean {
    return [...this.routes.keys()].some((k) => k.endsWith(` ${path}`));
  }
}
