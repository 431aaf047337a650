import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ORGANISATION_ID } from '../../content/content-kinds.js';
import type { Organisation } from '../../conversation/organisation.js';
import { requireAdmin } from '../auth/require-admin.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';
import { actorOf, authorNames, contentService, refusalKey, refusalStatus, revisionOf } from '../review/content-actions.js';
import { publishRoutes } from '../review/publish-routes.js';
import { historyView } from '../review/revision-history.js';

/** The draft's note ("Ghi chú"): one line, as long as the form lets it be. */
export const MAX_NOTE = 300;

/** The organisation form's fields, named as the schema's paths ("name.vi"), in the page's order. */
export const ORGANISATION_FIELDS = ['name.vi', 'name.en', 'address.vi', 'address.en', 'phone', 'email', 'officeHours.vi', 'officeHours.en', 'website', 'zalo'] as const;
type Field = (typeof ORGANISATION_FIELDS)[number];
type FormValues = Partial<Record<Field, string>>;
/** The schema keeps optional fields to 300 characters; the name gets the same bound in the form. */
export const MAX_ORGANISATION_FIELD = 300;

/** What each field's refusal means (the schema allows one kind of problem per field). */
const PROBLEM_OF: Record<Field, string> = {
  'name.vi': 'required',
  'name.en': 'required',
  'address.vi': 'tooLong',
  'address.en': 'tooLong',
  phone: 'phone',
  email: 'email',
  'officeHours.vi': 'tooLong',
  'officeHours.en': 'tooLong',
  website: 'website',
  zalo: 'tooLong',
};

const pageQuery = z.object({ done: z.enum(['saved', 'published', 'restored']).optional().catch(undefined) });

/** A field's element id on the page ("of-name-vi"). */
export const fieldId = (field: string) => `of-${field.replace('.', '-')}`;

function formValues(body: unknown): FormValues {
  const raw = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(ORGANISATION_FIELDS.flatMap((f) => (typeof raw[f] === 'string' ? [[f, (raw[f] as string).slice(0, MAX_ORGANISATION_FIELD * 4)]] : [])));
}

/** The flat form as the organisation schema takes it. */
const nested = (v: FormValues) => ({
  name: { vi: v['name.vi'] ?? '', en: v['name.en'] ?? '' },
  address: { vi: v['address.vi'] ?? '', en: v['address.en'] ?? '' },
  phone: v.phone ?? '',
  email: v.email ?? '',
  officeHours: { vi: v['officeHours.vi'] ?? '', en: v['officeHours.en'] ?? '' },
  website: v.website ?? '',
  zalo: v.zalo ?? '',
});

const flat = (o: Organisation): FormValues => ({
  'name.vi': o.name.vi,
  'name.en': o.name.en,
  'address.vi': o.address.vi,
  'address.en': o.address.en,
  phone: o.phone,
  email: o.email,
  'officeHours.vi': o.officeHours.vi,
  'officeHours.en': o.officeHours.en,
  website: o.website,
  zalo: o.zalo,
});

interface PageState {
  values?: FormValues;
  /** The note typed with a refused draft, shown again. */
  note?: string;
  basedOn?: number;
  problems?: Record<string, string>;
  problem?: string;
}

/**
 * /staff/organisation (admins): the Alliance's name and contacts as the bot gives them. An edit is
 * a draft (checked by the same schema as flows/organisation.yaml, each problem at its field);
 * publishing it makes the bot use it; every revision is kept with who and when, its changes shown,
 * and an older one can be brought back.
 */
export const organisationPart: ConsolePart = (app, deps) => {
  const adminOnly = requireAdmin(deps.t);
  const { storage, render } = deps;

  async function page(request: FastifyRequest, reply: FastifyReply, state: PageState = {}) {
    const t = deps.t(consoleLocale(request));
    const content = contentService(deps);
    const history = await historyView(content, 'organisation', ORGANISATION_ID, await authorNames(storage.accounts, t('console.review.history.files')));
    const [published, latest] = history
      ? await Promise.all([
          history.publishedRev === null ? undefined : content.store.revision('organisation', ORGANISATION_ID, history.publishedRev),
          content.store.revision('organisation', ORGANISATION_ID, history.latestRev),
        ])
      : [undefined, undefined];
    const problems = state.problems ?? {};
    return render(request, reply, 'organisation', {
      published: published && flat(published.body as Organisation),
      values: state.values ?? (latest ? flat(latest.body as Organisation) : {}),
      note: state.note ?? '',
      maxNote: MAX_NOTE,
      basedOn: state.basedOn ?? history?.latestRev ?? 0,
      /** The form opens on a draft that is not published yet. */
      editingDraft: history !== undefined && history.latestRev !== history.publishedRev,
      history,
      fields: ORGANISATION_FIELDS,
      max: MAX_ORGANISATION_FIELD,
      problems,
      /** The refused fields in the page's order, for the summary that links to each. */
      summary: ORGANISATION_FIELDS.filter((f) => problems[f] !== undefined).map((f) => ({ href: `#${fieldId(f)}`, label: t(`console.organisation.fields.${f.replace('.', '-')}`), message: problems[f]! })),
      problem: state.problem,
      done: pageQuery.parse(request.query ?? {}).done,
    });
  }

  app.get('/organisation', { preHandler: adminOnly }, async (request, reply) => page(request, reply));

  app.post('/organisation', { preHandler: adminOnly }, async (request, reply) => {
    const t = deps.t(consoleLocale(request));
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = formValues(body);
    const note = typeof body['note'] === 'string' ? body['note'].replace(/\s+/g, ' ').trim().slice(0, MAX_NOTE) : '';
    const basedOn = revisionOf(body['basedOn']);
    if (basedOn === undefined) return page(request, reply.status(400), { values, note, problem: t('console.review.refused.conflict') });
    const saved = await contentService(deps).saveDraft(actorOf(request), 'organisation', ORGANISATION_ID, nested(values), basedOn, note);
    if (!saved.ok) {
      const problems =
        saved.reason === 'invalid'
          ? Object.fromEntries(Object.keys(saved.problems).map((path) => (ORGANISATION_FIELDS as readonly string[]).includes(path) ? [path, t(`console.organisation.problems.${PROBLEM_OF[path as Field]}`, { max: MAX_ORGANISATION_FIELD })] : ['', t('console.organisation.notSaved')]))
          : {};
      return page(request, reply.status(refusalStatus(saved.reason)), { values, note, basedOn, problems, problem: saved.reason === 'invalid' ? t('console.organisation.notSaved') : t(refusalKey(saved.reason)) });
    }
    request.log.info({ event: 'organisation-drafted', by: request.staff!.login, rev: saved.rev }, 'organisation draft saved');
    return reply.redirect('/staff/organisation?done=saved', 303);
  });

  publishRoutes(app, deps, {
    path: '/organisation',
    kind: 'organisation',
    docId: () => ORGANISATION_ID,
    preHandler: adminOnly,
    back: (_request, what) => `/staff/organisation?done=${what}`,
    refused: (request, reply, message) => page(request, reply, { problem: message }),
  });
};
