import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Conference } from '../../conversation/forms/form-definition.js';
import type { Translate } from '../../conversation/ports.js';
import { parseReference } from '../../tickets/reference-code.js';
import type { Actor } from '../../tickets/ticket-service.js';
import { formatVietnamDateTime, vietnamDay } from '../../time/vietnam-time.js';
import { requireAdmin } from '../auth/require-admin.js';
import { agendaFileName, agendaXlsx } from '../conferences/agenda-xlsx.js';
import { readAgenda } from '../conferences/agenda.js';
import type { FieldProblem } from '../conferences/checked-input.js';
import { checkConferenceDetails, checkNewConference, MAX_CONFERENCE_ID, MAX_CONFERENCE_NAME, MAX_CONFERENCE_PLACE, type ConferenceProblem } from '../conferences/conference-input.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';
import { attachment } from './exports-part.js';
import { actorOf, authorNames, contentService, refusalKey, refusalStatus, revisionOf } from '../review/content-actions.js';
import { publishRoutes } from '../review/publish-routes.js';
import { historyView } from '../review/revision-history.js';

/** Longest answer recorded at the conference (it goes to the member as one message, like a console reply). */
export const MAX_CONFERENCE_ANSWER = 3000;
/** A form's key is claimed this long: the same form posted twice records and sends the answer once. */
const ANSWER_KEY_TTL_SECONDS = 7 * 24 * 3600;

const formKey = z.string().regex(/^[A-Za-z0-9-]{16,64}$/);
const answerForm = z.object({ text: z.string().trim().min(1).max(MAX_CONFERENCE_ANSWER), key: formKey });

/** The conference form's fields, as the page names them (and as the checks name their problems). */
const FIELDS = ['id', 'name.vi', 'name.en', 'date', 'place.vi', 'place.en', 'deadline'] as const;
type Field = (typeof FIELDS)[number];
/** How long each field may be, for the "too long" sentence. */
const MAX: Partial<Record<Field, number>> = {
  id: MAX_CONFERENCE_ID,
  'name.vi': MAX_CONFERENCE_NAME,
  'name.en': MAX_CONFERENCE_NAME,
  'place.vi': MAX_CONFERENCE_PLACE,
  'place.en': MAX_CONFERENCE_PLACE,
};

type FormValues = Partial<Record<Field, string>>;

/** What an admin typed, field by field (anything else in the body is left out). */
function formValues(body: unknown): FormValues {
  const raw = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(FIELDS.flatMap((f) => (typeof raw[f] === 'string' ? [[f, raw[f] as string]] : [])));
}

/** The flat form ("name.vi") as the conference checks take it ({ name: { vi } }). */
const nested = (v: FormValues) => ({ id: v.id, name: { vi: v['name.vi'], en: v['name.en'] }, date: v.date, place: { vi: v['place.vi'], en: v['place.en'] }, deadline: v.deadline });

const flat = (c: Conference): FormValues => ({ id: c.id, 'name.vi': c.name.vi, 'name.en': c.name.en, date: c.date, 'place.vi': c.place.vi, 'place.en': c.place.en, deadline: c.deadline });

/** Each refused field's first problem, worded for the page; problems not tied to a field under '' (a conference gone meanwhile). */
function problemsByField(problems: FieldProblem<ConferenceProblem>[], t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, problem } of problems) {
    const at = problem === 'not-found' ? '' : (FIELDS as readonly string[]).includes(field) ? field : '';
    out[at] ??= t(`console.conferences.problems.${problem}`, { max: MAX[at as Field] ?? 0 });
  }
  return out;
}

/** The line an admin typed about a draft (kept with the revision). */
const noteOf = (body: unknown) => {
  const note = ((body ?? {}) as Record<string, unknown>)['note'];
  return typeof note === 'string' ? note : '';
};

const historyQuery = z.object({ done: z.enum(['drafted', 'published', 'restored']).optional().catch(undefined) });

/** "2026-12-10" → "10/12/2026", as the console shows days. */
const day = (iso: string) => iso.split('-').reverse().join('/');

/**
 * /staff/conferences: the dialogue conferences, each with its concerns counted and whether it still
 * takes them; admins create and edit them (the bot uses the change at once). /staff/conferences/ID:
 * the agenda, concerns by topic, where staff record the answer given at the conference (sent to the
 * member); /staff/conferences/ID/agenda.xlsx: the agenda as a workbook. An admin's create or edit is
 * a draft revision; publishing it (/staff/conferences/ID/history, with every revision, who, when and
 * what changed) is what the bot and the exports then use.
 */
export const conferencesPart: ConsolePart = (app, deps) => {
  const adminOnly = requireAdmin(deps.t);
  const { storage, tickets, actions, render, now } = deps;
  const tr = (request: FastifyRequest) => deps.t(consoleLocale(request));
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id.slice(0, MAX_CONFERENCE_ID + 1);
  /** Only concerns are read (a conference has no other kind): a few hundred a year, not every ticket. */
  const concerns = async () => (await storage.tickets.page({ kind: 'concern', offset: 0, limit: Number.MAX_SAFE_INTEGER })).tickets;
  const agendaTickets = { all: concerns, history: (code: string) => tickets.history(code) };

  async function listPage(request: FastifyRequest, reply: FastifyReply, form: { values?: FormValues; problems?: Record<string, string> } = {}) {
    const lang = consoleLocale(request);
    const today = vietnamDay(now()).day;
    const [conferences, filed, drafts] = await Promise.all([storage.conferences.list(), concerns(), request.staff!.role === 'admin' ? waitingDrafts(request) : Promise.resolve([])]);
    const counts = new Map<string, number>();
    for (const t of filed) if (t.conferenceId) counts.set(t.conferenceId, (counts.get(t.conferenceId) ?? 0) + 1);
    return render(request, reply, 'conferences', {
      conferences: conferences.map((c) => ({
        id: c.id,
        name: c.name[lang],
        date: c.date,
        dateShown: day(c.date),
        place: c.place[lang],
        deadline: c.deadline,
        deadlineShown: day(c.deadline),
        concerns: counts.get(c.id) ?? 0,
        open: c.deadline >= today,
      })),
      drafts,
      form: { values: form.values ?? {}, problems: form.problems ?? {} },
      max: MAX,
    });
  }

  /** Conferences with a revision newer than the one the bot uses (a new conference, or an edit): to publish. */
  async function waitingDrafts(request: FastifyRequest) {
    const lang = consoleLocale(request);
    const store = contentService(deps).store;
    const names = await authorNames(storage.accounts, tr(request)('console.review.history.files'));
    const waiting = (await store.documents('conference')).filter((d) => d.latestRev !== d.publishedRev);
    const latest = await Promise.all(waiting.map((d) => store.revision('conference', d.docId, d.latestRev)));
    return latest.flatMap((r) => (r ? [{ id: r.docId, rev: r.rev, name: (r.body as Conference).name[lang], author: names(r.author), at: formatVietnamDateTime(r.at), iso: r.at, isNew: waiting.find((d) => d.docId === r.docId)!.publishedRev === null }] : []));
  }

  /** The conference as an admin last wrote it (a draft, or the published one), and its document. */
  async function latestOf(id: string) {
    const store = contentService(deps).store;
    const [stored, state] = await Promise.all([storage.conferences.get(id), store.document('conference', id)]);
    const latest = state && (await store.revision('conference', id, state.latestRev));
    return { stored, state, conference: (latest?.body as Conference | undefined) ?? stored };
  }

  async function historyPage(request: FastifyRequest, reply: FastifyReply, problem?: string) {
    const id = idOf(request);
    const { stored, conference } = await latestOf(id);
    if (!conference) return missing(request, reply);
    const names = await authorNames(storage.accounts, tr(request)('console.review.history.files'));
    return render(request, reply, 'conference-history', {
      id,
      name: conference.name[consoleLocale(request)],
      published: stored !== undefined,
      history: await historyView(contentService(deps), 'conference', id, names),
      done: historyQuery.parse(request.query ?? {}).done,
      problem,
    });
  }

  const editPage = (request: FastifyRequest, reply: FastifyReply, page: { id: string; values: FormValues; basedOn: number; editingDraft: boolean; problems: Record<string, string> }) =>
    render(request, reply, 'conference-edit', { ...page, max: MAX });

  async function agendaPage(request: FastifyRequest, reply: FastifyReply, conference: Conference, state: { problem?: { code: string; message: string }; draft?: string } = {}) {
    const lang = consoleLocale(request);
    const agenda = await readAgenda(conference, agendaTickets);
    const query = request.query as { done?: unknown; answered?: unknown };
    const answered = typeof query.answered === 'string' ? parseReference(query.answered) : undefined;
    return render(request, reply, 'agenda', {
      conference: { id: conference.id, name: conference.name[lang], place: conference.place[lang], date: conference.date, dateShown: day(conference.date), deadline: conference.deadline, deadlineShown: day(conference.deadline) },
      agenda,
      done: query.done === 'created' || query.done === 'edited' ? query.done : undefined,
      answered,
      problem: state.problem,
      draft: state.draft,
      // One key per form and page view: posting the same form twice records and sends once.
      keyFor: () => randomUUID(),
      maxAnswer: MAX_CONFERENCE_ANSWER,
      who: (by: string) => by.replace(/^staff:/, ''),
      when: formatVietnamDateTime,
    });
  }

  const missing = (request: FastifyRequest, reply: FastifyReply) => render(request, reply.status(404), 'conference-missing', { id: idOf(request) });

  app.get('/conferences', async (request, reply) => listPage(request, reply));

  // A new conference is a draft until an admin publishes it.
  app.post('/conferences', { preHandler: adminOnly }, async (request, reply) => {
    const values = formValues(request.body);
    const refuse = (status: number, problems: FieldProblem<ConferenceProblem>[]) => listPage(request, reply.status(status), { values, problems: problemsByField(problems, tr(request)) });
    const checked = checkNewConference(nested(values));
    if (!checked.ok) return refuse(400, checked.problems);
    const { id } = checked.value;
    const content = contentService(deps);
    const taken = [{ field: 'id', problem: 'id-taken' as const }];
    if ((await storage.conferences.get(id)) || (await content.store.document('conference', id))) return refuse(409, taken);
    const saved = await content.saveDraft(actorOf(request), 'conference', id, checked.value, 0, noteOf(request.body));
    if (!saved.ok) return saved.reason === 'conflict' ? refuse(409, taken) : listPage(request, reply.status(refusalStatus(saved.reason)), { values, problems: { '': tr(request)(refusalKey(saved.reason)) } });
    request.log.info({ event: 'conference-drafted', by: request.staff!.login, conference: id, rev: saved.rev }, 'conference draft saved');
    return reply.redirect(`/staff/conferences/${encodeURIComponent(id)}/history?done=drafted`, 303);
  });

  app.get('/conferences/:id/edit', { preHandler: adminOnly }, async (request, reply) => {
    const id = idOf(request);
    const { state, conference } = await latestOf(id);
    if (!conference) return missing(request, reply);
    return editPage(request, reply, { id, values: flat(conference), basedOn: state?.latestRev ?? 0, editingDraft: state !== undefined && state.latestRev !== state.publishedRev, problems: {} });
  });

  // An edit is a draft over the revision the form was opened on; publishing it is a second step.
  app.post('/conferences/:id/edit', { preHandler: adminOnly }, async (request, reply) => {
    const id = idOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { ...formValues(body), id };
    const basedOn = revisionOf(body['basedOn']);
    const refuse = (status: number, problems: Record<string, string>) => editPage(request, reply.status(status), { id, values, basedOn: basedOn ?? 0, editingDraft: false, problems });
    const checked = checkConferenceDetails(nested(values));
    if (!checked.ok) return refuse(400, problemsByField(checked.problems, tr(request)));
    if (!(await latestOf(id)).conference) return missing(request, reply);
    const saved = basedOn === undefined ? ({ ok: false, reason: 'conflict' } as const) : await contentService(deps).saveDraft(actorOf(request), 'conference', id, { id, ...checked.value }, basedOn, noteOf(body));
    if (!saved.ok) return refuse(refusalStatus(saved.reason), { '': tr(request)(refusalKey(saved.reason)) });
    request.log.info({ event: 'conference-drafted', by: request.staff!.login, conference: id, rev: saved.rev }, 'conference draft saved');
    return reply.redirect(`/staff/conferences/${encodeURIComponent(id)}/history?done=drafted`, 303);
  });

  app.get('/conferences/:id/history', { preHandler: adminOnly }, async (request, reply) => historyPage(request, reply));

  publishRoutes(app, deps, {
    path: '/conferences/:id',
    kind: 'conference',
    docId: idOf,
    preHandler: adminOnly,
    back: (request, what) => `/staff/conferences/${encodeURIComponent(idOf(request))}/history?done=${what}`,
    refused: (request, reply, message) => historyPage(request, reply, message),
  });

  app.get('/conferences/:id', async (request, reply) => {
    const conference = await storage.conferences.get(idOf(request));
    return conference ? agendaPage(request, reply, conference) : missing(request, reply);
  });

  app.get('/conferences/:id/agenda.xlsx', async (request, reply) => {
    const conference = await storage.conferences.get(idOf(request));
    if (!conference) return missing(request, reply);
    const agenda = await readAgenda(conference, agendaTickets);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(agendaFileName(agenda)))
      .header('cache-control', 'no-store')
      .send(await agendaXlsx(agenda, consoleLocale(request)));
  });

  // The answer given at the conference to one concern: recorded under the staff member's name and sent to the member.
  app.post('/conferences/:id/answers/:code', async (request, reply) => {
    const conference = await storage.conferences.get(idOf(request));
    if (!conference) return missing(request, reply);
    const t = tr(request);
    const typed = (request.params as { code: string }).code.slice(0, 20);
    const code = parseReference(typed);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const draft = typeof body['text'] === 'string' ? body['text'].slice(0, MAX_CONFERENCE_ANSWER * 2) : '';
    const refuse = (status: number, message: string) => agendaPage(request, reply.status(status), conference, { problem: { code: code ?? typed, message }, draft });
    const ticket = code ? await tickets.get(code) : undefined;
    if (!code || !ticket || ticket.conferenceId !== conference.id) return refuse(404, t('console.conferences.refused.not-on-agenda', { code: code ?? typed }));
    const form = answerForm.safeParse(body);
    if (!form.success) {
      const stale = form.error.issues.some((i) => i.path[0] === 'key');
      return refuse(400, stale ? t('console.conferences.refused.form') : t('console.conferences.refused.text', { max: MAX_CONFERENCE_ANSWER }));
    }
    const { text, key } = form.data;
    const back = () => reply.redirect(`/staff/conferences/${encodeURIComponent(conference.id)}?answered=${code}#${code}`, 303);
    // A second post of the same form (a double click, a resend after a timeout) records and sends nothing more.
    const claim = `console-conference-answer:${code}:${key}`;
    if (!(await storage.claims.claim(claim, ANSWER_KEY_TTL_SECONDS))) return back();
    const actor: Actor = { kind: 'staff', name: request.staff!.name };
    try {
      const out = await actions.conferenceAnswer(code, actor, text, `console:${key}`);
      if (out.refused) {
        await storage.claims.release(claim);
        return refuse(out.refused === 'not-found' ? 404 : 409, t(`console.conferences.refused.${out.refused}`, { code }));
      }
    } catch (error) {
      await storage.claims.release(claim).catch(() => undefined);
      throw error;
    }
    return back();
  });
};
