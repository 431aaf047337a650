import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../conversation/ports.js';
import type { FieldProblem } from '../conferences/checked-input.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';
import { createSavedReply, editSavedReply, MAX_SAVED_REPLY_TEXT, MAX_SAVED_REPLY_TITLE, type SavedReplyProblem } from '../saved-replies/saved-replies.js';

const MAX = { title: MAX_SAVED_REPLY_TITLE, text: MAX_SAVED_REPLY_TEXT };
type Field = keyof typeof MAX;

/** What staff typed (kept on the page when it is refused; anything else in the body left out). */
function formValues(body: unknown): Partial<Record<Field, string>> {
  const raw = (body ?? {}) as Record<string, unknown>;
  const pick = (f: Field) => (typeof raw[f] === 'string' ? { [f]: (raw[f] as string).slice(0, MAX[f] * 2) } : {});
  return { ...pick('title'), ...pick('text') };
}

/** Each refused field's problem, worded for the page. */
function problemsByField(problems: FieldProblem<SavedReplyProblem>[], t: Translate): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const { field, problem } of problems) {
    if (field === 'title' || field === 'text') out[field] ??= t(`console.savedReplies.problems.${problem}`, { max: MAX[field] });
  }
  return out;
}

const DONE = ['created', 'saved', 'deleted'] as const;
type Done = (typeof DONE)[number];

/**
 * /staff/saved-replies: the canned answers every staff member may insert in a reply; any logged-in
 * staff member lists, creates, edits and deletes them.
 */
export const savedRepliesPart: ConsolePart = (app, deps) => {
  const { storage, render, now } = deps;
  const store = storage.savedReplies;
  const tr = (request: FastifyRequest) => deps.t(consoleLocale(request));
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id.slice(0, 64);

  async function listPage(request: FastifyRequest, reply: FastifyReply, form: { values?: Partial<Record<Field, string>>; problems?: Partial<Record<Field, string>> } = {}) {
    const done = (request.query as { done?: unknown }).done;
    return render(request, reply, 'saved-replies', {
      replies: await store.list(),
      values: form.values ?? {},
      problems: form.problems ?? {},
      max: MAX,
      done: DONE.includes(done as Done) ? done : undefined,
    });
  }

  const editPage = (request: FastifyRequest, reply: FastifyReply, id: string, values: Partial<Record<Field, string>>, problems: Partial<Record<Field, string>> = {}) =>
    render(request, reply, 'saved-replies-edit', { id, values, problems, max: MAX });

  const missing = (request: FastifyRequest, reply: FastifyReply) => render(request, reply.status(404), 'saved-replies-missing', {});

  app.get('/saved-replies', async (request, reply) => listPage(request, reply));

  app.post('/saved-replies', async (request, reply) => {
    const values = formValues(request.body);
    const result = await createSavedReply(store, values, now());
    if (!result.ok) return listPage(request, reply.status(400), { values, problems: problemsByField(result.problems, tr(request)) });
    request.log.info({ event: 'saved-reply-created', by: request.staff!.login, id: result.value.id }, 'saved reply created');
    return reply.redirect('/staff/saved-replies?done=created', 303);
  });

  app.get('/saved-replies/:id/edit', async (request, reply) => {
    const saved = await store.get(idOf(request));
    if (!saved) return missing(request, reply);
    return editPage(request, reply, saved.id, { title: saved.title, text: saved.text });
  });

  app.post('/saved-replies/:id/edit', async (request, reply) => {
    const id = idOf(request);
    const values = formValues(request.body);
    const result = await editSavedReply(store, id, values, now());
    if (!result.ok) {
      // Deleted by someone else meanwhile: say so rather than bring it back.
      if (result.problems.some((p) => p.problem === 'not-found')) return missing(request, reply);
      return editPage(request, reply.status(400), id, values, problemsByField(result.problems, tr(request)));
    }
    request.log.info({ event: 'saved-reply-edited', by: request.staff!.login, id }, 'saved reply edited');
    return reply.redirect('/staff/saved-replies?done=saved', 303);
  });

  app.post('/saved-replies/:id/delete', async (request, reply) => {
    const id = idOf(request);
    // Deleting one already gone ends the same way: it is not in the list.
    if (await store.remove(id)) request.log.info({ event: 'saved-reply-deleted', by: request.staff!.login, id }, 'saved reply deleted');
    return reply.redirect('/staff/saved-replies?done=deleted', 303);
  });
};
