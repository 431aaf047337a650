import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ContentKind } from '../../content/content-store.js';
import type { ConsoleDeps } from '../console-deps.js';
import { consoleLocale } from '../render-page.js';
import { actorOf, contentService, refusalKey, refusalStatus, revisionOf } from './content-actions.js';

export interface PublishRoutes {
  /** Where the two routes live: `<path>/publish` and `<path>/restore` (e.g. "/conferences/:id"). */
  path: string;
  kind: ContentKind;
  docId: (request: FastifyRequest) => string;
  preHandler: preHandlerAsyncHookHandler;
  /** The page to go back to once done (`what` says which). */
  back: (request: FastifyRequest, what: 'published' | 'restored') => string;
  /** The page again with the refusal's sentence. */
  refused: (request: FastifyRequest, reply: FastifyReply, message: string) => Promise<FastifyReply>;
  /** After a publish or restore (the bot of this process reads the change). */
  after?: () => Promise<void>;
}

/**
 * POST `<path>/publish` (form field `rev`): the draft becomes what the bot uses; POST
 * `<path>/restore` (`rev`): an older revision comes back as a new one, published at once by an
 * admin. Both under the staff member's name, refused in their language.
 */
export function publishRoutes(app: FastifyInstance, deps: Pick<ConsoleDeps, 't' | 'content'>, routes: PublishRoutes): void {
  const actions = {
    publish: (request: FastifyRequest, rev: number) => contentService(deps).publish(actorOf(request), routes.kind, routes.docId(request), rev),
    restore: (request: FastifyRequest, rev: number) => contentService(deps).rollback(actorOf(request), routes.kind, routes.docId(request), rev),
  };
  for (const [action, run] of Object.entries(actions)) {
    app.post(`${routes.path}/${action}`, { preHandler: routes.preHandler }, async (request, reply) => {
      const rev = revisionOf((request.body as Record<string, unknown> | undefined)?.['rev']) ?? 0;
      const out = await run(request, rev);
      if (!out.ok) return routes.refused(request, reply.status(refusalStatus(out.reason)), deps.t(consoleLocale(request))(refusalKey(out.reason)));
      await routes.after?.();
      const what = action === 'publish' ? 'published' : 'restored';
      request.log.info({ event: `${routes.kind}-${what}`, by: request.staff!.login, doc: routes.docId(request), rev }, `${routes.kind} ${what}`);
      return reply.redirect(routes.back(request, what), 303);
    });
  }
}
