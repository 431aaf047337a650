import { authorNames } from '../review/content-actions.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { entryFromBody, type EntryBody } from '../../content/content-kinds.js';
import type { Actor, ContentService, FieldProblems, Refusal } from '../../content/content-service.js';
import type { Translate } from '../../conversation/ports.js';
import { MAX_ID_LENGTH } from '../../knowledge/entry-schema.js';
import { TOPICS } from '../../knowledge/topics.js';
import { formatDate } from '../../conversation/render-entry.js';
import { parseReference } from '../../tickets/reference-code.js';
import { formatVietnamDateTime, vietnamDay } from '../../time/vietnam-time.js';
import { requireEditor } from '../auth/require-editor.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';
import { applyRowAction, blankForm, blankSource, bodyFromForm, formFromBody, formFromPost, problemsByField, rowAction, withoutBlankRows, type EntryForm } from '../knowledge/entry-form.js';
import { formView } from '../knowledge/entry-form-view.js';
import { entryFeedback, entryPageData, noteInWords } from '../knowledge/entry-page.js';
import { diffLines } from '../knowledge/diff-lines.js';
import { previewEntry } from '../knowledge/entry-preview.js';
import { filterEntries, listEntries } from '../knowledge/entry-list.js';
import { problemInWords } from '../knowledge/problem-words.js';
import { REVIEW_AFTER_DAYS } from '../knowledge/review-due.js';

// 'drafted': the review queue added example questions as a draft.
const DONE = ['saved', 'drafted', 'published', 'rolled-back', 'rolled-back-draft', 'retired'] as const;
type Done = (typeof DONE)[number];

/** The status a refusal is answered with. */
const REFUSAL_STATUS: Record<Refusal['reason'], number> = { invalid: 400, conflict: 409, forbidden: 403, 'own-draft': 403, 'not-found': 404, referenced: 409 };

const posted = (body: unknown, name: string) => {
  const value = ((body ?? {}) as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
};

/** What the edit page is drawn with besides the form. */
interface EditState {
  /** The form holds what was posted, not what is stored (a refusal, a row added or removed, a preview). */
  unsaved?: boolean;
  problems?: FieldProblems;
  conflict?: boolean;
  refused?: string;
  editingDraft?: number;
  ticket?: string;
  preview?: Record<string, unknown>;
}

/**
 * /staff/knowledge: the knowledge base for editors and admins — every entry with its review day
 * (overdue first), 👍/👎 and the questions that led to it; /staff/knowledge/ID: one entry as
 * published, its state, history, a diff between two revisions, publish / roll back / retire;
 * /staff/knowledge/ID/edit and /staff/knowledge/new: the edit form (every field of the entry
 * schema, problems at their fields) that saves a draft; /staff/knowledge/preview: the draft's
 * answer as members get it on Telegram, Zalo and the web chat. Every change goes through the
 * ContentService, under the staff member's login.
 */
export const knowledgePart: ConsolePart = (app, deps) => {
  const guard = { preHandler: requireEditor(deps.t) };
  const { render, storage, now } = deps;
  const tr = (request: FastifyRequest) => deps.t(consoleLocale(request));
  const content: ContentService | undefined = deps.content;
  if (!content) {
    // Not wired (an app without content storage): say so rather than 404.
    app.get('/knowledge', guard, async (request, reply) => reply.status(503).type('text/plain; charset=utf-8').send(tr(request)('console.knowledge.unavailable')));
    return;
  }
  const actorOf = (request: FastifyRequest): Actor => ({ login: request.staff!.login, role: request.staff!.role });
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id.slice(0, MAX_ID_LENGTH + 1);
  const today = () => vietnamDay(now()).day;
  const missing = (request: FastifyRequest, reply: FastifyReply, id: string) => render(request, reply.status(404), 'knowledge-missing', { id });

  // ── the list ────────────────────────────────────────────────────────────────
  app.get('/knowledge', guard, async (request, reply) => {
    const query = request.query as { topic?: unknown; q?: unknown };
    const topic = typeof query.topic === 'string' && (TOPICS as readonly string[]).includes(query.topic) ? query.topic : '';
    const search = typeof query.q === 'string' ? query.q.slice(0, 100) : '';
    const all = await listEntries(content.store, storage.insights, today());
    const rows = filterEntries(all, { topic, search });
    return render(request, reply, 'knowledge', {
      rows,
      total: all.length,
      overdue: rows.filter((r) => r.overdue).length,
      topic,
      search,
      topics: TOPICS,
      reviewAfterDays: REVIEW_AFTER_DAYS,
      day: formatDate,
    });
  });

  // ── one entry ───────────────────────────────────────────────────────────────
  /** `seen`: a publish refused because a newer revision was saved after the page showed this one. */
  async function entryPage(request: FastifyRequest, reply: FastifyReply, id: string, refusal?: Refusal, seen?: number) {
    const t = tr(request);
    const data = await entryPageData(content!, id, actorOf(request), request.query as Record<string, unknown>, today());
    if (!data) return missing(request, reply, id);
    const query = request.query as { done?: unknown; saved?: unknown; rev?: unknown };
    const done = DONE.includes(query.done as Done) ? (query.done as Done) : undefined;
    // A stale publish: what the revisions saved since the page was opened change.
    const stale = refusal?.reason === 'conflict' && seen !== undefined ? await content!.diff('entry', id, seen, data.state.latestRev) : undefined;
    return render(request, reply, 'knowledge-entry', {
      ...data,
      done,
      doneRev: Number(query.saved) || Number(query.rev) || '',
      feedback: await entryFeedback(storage.insights, id),
      noteOf: (note: string) => noteInWords(note, t),
      refusal: refusal && {
        message: stale !== undefined ? t('console.knowledge.publishConflict', { seen: seen!, rev: data.state.latestRev }) : t(`console.knowledge.refused.${refusal.reason}`),
        newer: stale !== undefined ? { a: seen!, b: data.state.latestRev, lines: diffLines(stale) } : undefined,
        problems: refusal.reason === 'invalid' ? Object.entries(refusal.problems).map(([path, message]) => ({ label: path, message: problemInWords(message, t) })) : [],
        // Retiring an entry others link to: the entries to change first.
        links: refusal.reason === 'referenced' ? refusal.by : [],
      },
      // "Full name (login)", as the organisation's and conferences' histories name people.
      who: await authorNames(storage.accounts, t('console.knowledge.files')),
      when: formatVietnamDateTime,
      day: formatDate,
    });
  }

  const after = (reply: FastifyReply, id: string, done: Done, rev?: number) =>
    // A saved draft is shown (the page shows the published revision otherwise).
    reply.redirect(`/staff/knowledge/${encodeURIComponent(id)}?done=${done}${rev ? `&saved=${rev}` : ''}${done === 'saved' ? `&rev=${rev}` : ''}`, 303);

  app.get('/knowledge/:id', guard, async (request, reply) => entryPage(request, reply, idOf(request)));

  app.post('/knowledge/:id/publish', guard, async (request, reply) => {
    const id = idOf(request);
    const rev = Number(posted(request.body, 'rev'));
    // The newest revision the reviewer's page showed: a draft saved since is not published unseen.
    const seen = Number(posted(request.body, 'seenLatest'));
    const seenLatest = Number.isInteger(seen) && seen > 0 ? seen : undefined;
    const result = await content.publish(actorOf(request), 'entry', id, rev, seenLatest);
    if (!result.ok) return entryPage(request, reply.status(REFUSAL_STATUS[result.reason]), id, result, seenLatest);
    request.log.info({ event: 'entry-published', by: request.staff!.login, entry: id, rev }, 'knowledge entry published');
    return after(reply, id, 'published', rev);
  });

  /**
   * Retiring and an admin's rollback (published at once) are confirmed first: without
   * `confirmed=1` (knowledge.js adds it after the browser's confirm()), a page asks.
   */
  const confirmPage = (request: FastifyRequest, reply: FastifyReply, id: string, action: 'retire' | 'rollback', rev?: number) =>
    render(request, reply, 'knowledge-confirm', { id, action, rev, question: tr(request)(`console.knowledge.confirm.${action}`, { id, rev: rev ?? '' }) });
  const confirmed = (request: FastifyRequest) => posted(request.body, 'confirmed') === '1';

  app.post('/knowledge/:id/rollback', guard, async (request, reply) => {
    const id = idOf(request);
    const to = Number(posted(request.body, 'rev'));
    if (request.staff!.role === 'admin' && !confirmed(request) && (await content.store.revision('entry', id, to))) return confirmPage(request, reply, id, 'rollback', to);
    const result = await content.rollback(actorOf(request), 'entry', id, to);
    if (!result.ok) return entryPage(request, reply.status(REFUSAL_STATUS[result.reason]), id, result);
    request.log.info({ event: 'entry-rolled-back', by: request.staff!.login, entry: id, to, rev: result.rev, published: result.published }, 'knowledge entry rolled back');
    return after(reply, id, result.published ? 'rolled-back' : 'rolled-back-draft', result.rev);
  });

  app.post('/knowledge/:id/retire', guard, async (request, reply) => {
    const id = idOf(request);
    if (request.staff!.role === 'admin' && !confirmed(request) && (await content.store.document('entry', id))) return confirmPage(request, reply, id, 'retire');
    const result = await content.retire(actorOf(request), 'entry', id);
    if (!result.ok) return entryPage(request, reply.status(REFUSAL_STATUS[result.reason]), id, result);
    request.log.info({ event: 'entry-retired', by: request.staff!.login, entry: id }, 'knowledge entry retired');
    return after(reply, id, 'retired');
  });

  // ── the edit form ───────────────────────────────────────────────────────────
  function editPage(request: FastifyRequest, reply: FastifyReply, form: EntryForm, isNew: boolean, state: EditState = {}) {
    const t = tr(request);
    // A form with no source left still offers one to fill in.
    const shown = form.sources.length === 0 ? { ...form, sources: [blankSource()] } : form;
    const problems = state.problems ? problemsByField(state.problems, shown, (m) => problemInWords(m, t)) : {};
    return render(request, reply, 'knowledge-edit', {
      view: formView(shown, problems, t, isNew),
      action: isNew ? '/staff/knowledge/new' : `/staff/knowledge/${encodeURIComponent(form.id)}/edit`,
      unsaved: state.unsaved === true,
      conflict: state.conflict === true,
      refused: state.refused,
      editingDraft: state.editingDraft,
      ticket: state.ticket,
      preview: state.preview,
    });
  }

  /** Saves the form as a draft; a refusal is shown on the form with what was typed. */
  async function save(request: FastifyRequest, reply: FastifyReply, form: EntryForm, isNew: boolean, ticket?: string) {
    const t = tr(request);
    const clean = withoutBlankRows(form);
    const result = await content!.saveDraft(actorOf(request), 'entry', clean.id, bodyFromForm(clean), isNew ? 0 : clean.basedOn, clean.note);
    if (result.ok) {
      request.log.info({ event: 'entry-draft-saved', by: request.staff!.login, entry: clean.id, rev: result.rev }, 'knowledge entry draft saved');
      return after(reply, clean.id, 'saved', result.rev);
    }
    const status = reply.status(REFUSAL_STATUS[result.reason]);
    if (result.reason === 'invalid') return editPage(request, status, clean, isNew, { unsaved: true, problems: result.problems, ticket });
    // A new entry whose id is taken: said at the id.
    if (result.reason === 'conflict' && isNew) return editPage(request, status, clean, isNew, { unsaved: true, problems: { id: t('console.knowledge.idTaken', { id: clean.id }) }, ticket });
    if (result.reason === 'conflict') return editPage(request, status, clean, isNew, { unsaved: true, conflict: true });
    return editPage(request, status, clean, isNew, { unsaved: true, refused: t(`console.knowledge.refused.${result.reason}`), ticket });
  }

  /** A ticket code the form came from (the review queue's "turn the answer into an entry"). */
  const ticketOf = (value: unknown) => (typeof value === 'string' ? parseReference(value.slice(0, 20)) : undefined);

  app.get('/knowledge/new', guard, async (request, reply) => {
    const query = request.query as { topic?: unknown; q?: unknown; answer?: unknown; ticket?: unknown };
    const form = blankForm();
    // Written today: the review day is today's (in Vietnam), to change if the check was earlier.
    form.reviewed = today();
    if (typeof query.topic === 'string' && (TOPICS as readonly string[]).includes(query.topic)) form.topic = query.topic;
    const questions = (Array.isArray(query.q) ? query.q : [query.q]).filter((q): q is string => typeof q === 'string').map((q) => q.replace(/\s+/g, ' ').trim().slice(0, 500));
    form.questions = questions.filter(Boolean).slice(0, 50).join('\n');
    if (typeof query.answer === 'string') form.answer.vi = query.answer.replace(/\r\n?/g, '\n').slice(0, 5000);
    const ticket = ticketOf(query.ticket);
    if (ticket) form.note = tr(request)('console.knowledge.fromTicketNote', { code: ticket });
    return editPage(request, reply, form, true, { ticket });
  });

  app.post('/knowledge/new', guard, async (request, reply) => {
    const form = formFromPost(request.body);
    const ticket = ticketOf(posted(request.body, '_ticket'));
    const action = rowAction(request.body);
    if (action) return editPage(request, reply, applyRowAction(form, action), true, { unsaved: true, ticket });
    return save(request, reply, form, true, ticket);
  });

  app.get('/knowledge/:id/edit', guard, async (request, reply) => {
    const id = idOf(request);
    const history = await content.history('entry', id);
    const latest = history?.revisions[history.revisions.length - 1];
    if (!history || !latest) return missing(request, reply, id);
    const { state } = history;
    const editingDraft = state.latestRev > (state.publishedRev ?? 0) ? state.latestRev : undefined;
    return editPage(request, reply, formFromBody(latest.body as EntryBody, state.latestRev), false, { editingDraft });
  });

  app.post('/knowledge/:id/edit', guard, async (request, reply) => {
    const id = idOf(request);
    if (!(await content.store.document('entry', id))) return missing(request, reply, id);
    // The id is the page's, whatever the form says.
    const form = { ...formFromPost(request.body), id };
    const action = rowAction(request.body);
    if (action) return editPage(request, reply, applyRowAction(form, action), false, { unsaved: true });
    return save(request, reply, form, false);
  });

  // ── the preview ─────────────────────────────────────────────────────────────
  app.post('/knowledge/preview', guard, async (request, reply) => {
    const t = tr(request);
    const isNew = posted(request.body, '_new') === '1';
    const form = withoutBlankRows(formFromPost(request.body));
    const ticket = ticketOf(posted(request.body, '_ticket'));
    let preview: Record<string, unknown>;
    let problems: FieldProblems | undefined;
    if (!deps.engine) {
      preview = { previewUnavailable: true };
    } else {
      const checked = await content.check('entry', form.id, bodyFromForm(form));
      if (checked.ok) {
        preview = { previews: previewEntry(entryFromBody(checked.body as EntryBody), deps.engine, deps.engine.knowledge) };
      } else {
        problems = checked.reason === 'invalid' ? checked.problems : { '': t(`console.knowledge.refused.${checked.reason}`) };
        const shown = form.sources.length === 0 ? { ...form, sources: [blankSource()] } : form;
        preview = { previewProblems: formView(shown, problemsByField(problems, shown, (m) => problemInWords(m, t)), t, isNew).summary };
      }
    }
    // htmx swaps the preview in under the form; without JavaScript the form comes back with it.
    if (request.headers['hx-request']) return render(request, reply, 'knowledge-preview', preview);
    return editPage(request, reply, form, isNew, { unsaved: true, problems, ticket, preview });
  });
};
