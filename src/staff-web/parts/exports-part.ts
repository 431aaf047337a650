import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Translate } from '../../conversation/ports.js';
import { exportTickets, type ExportRequest } from '../../tickets/export/export-tickets.js';
import { filterTickets } from '../../tickets/export/ticket-table.js';
import { MAX_CONFERENCE_ID } from '../conferences/conference-input.js';
import type { ConsolePart } from '../console-plugin.js';
import { consoleLocale } from '../render-page.js';

/** How many of the chosen tickets the page shows before the download. */
const PREVIEW_ROWS = 20;
/** How much of a ticket's text the preview shows. */
const PREVIEW_CHARS = 160;

const KINDS = ['concern', 'difficulty', 'question'] as const;
const FORMATS = ['csv', 'xlsx'] as const;
const LANGS = ['vi', 'en'] as const;

/** The form as the browser sends it: every field a string, an empty one meaning "not chosen". */
type ExportForm = Partial<Record<'kind' | 'conference' | 'from' | 'to' | 'format' | 'lang', string>>;

const formFields = ['kind', 'conference', 'from', 'to', 'format', 'lang'] as const;

function formOf(query: unknown): ExportForm {
  const raw = (query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(formFields.flatMap((f) => (typeof raw[f] === 'string' && raw[f] !== '' ? [[f, (raw[f] as string).slice(0, 80)]] : [])));
}

/** A real day as YYYY-MM-DD (2026-02-30 is not one), as `npm run export` takes --from and --to. */
const isDay = (value: string) => z.iso.date().safeParse(value).success;
const oneOf = <T extends string>(choices: readonly T[], value: string | undefined): value is T | undefined => value === undefined || (choices as readonly string[]).includes(value);

/**
 * The export request the form asks for, with the options of `npm run export` (kind, conference,
 * from, to, format, language); or, for each refused field, a sentence saying why.
 */
function checkForm(form: ExportForm, t: Translate): { ok: true; request: ExportRequest } | { ok: false; problems: Partial<Record<keyof ExportForm, string>> } {
  const problems: Partial<Record<keyof ExportForm, string>> = {};
  const { kind, conference, from, to, format, lang } = form;
  if (!oneOf(KINDS, kind)) problems.kind = t('console.exports.problems.choice');
  if (!oneOf(FORMATS, format)) problems.format = t('console.exports.problems.choice');
  if (!oneOf(LANGS, lang)) problems.lang = t('console.exports.problems.choice');
  if (conference !== undefined && conference.length > MAX_CONFERENCE_ID) problems.conference = t('console.exports.problems.choice');
  if (from !== undefined && !isDay(from)) problems.from = t('console.exports.problems.notADay', { field: t('console.exports.from'), value: from });
  if (to !== undefined && !isDay(to)) problems.to = t('console.exports.problems.notADay', { field: t('console.exports.to'), value: to });
  if (!problems.from && !problems.to && from !== undefined && to !== undefined && to < from) problems.to = t('console.exports.problems.reversed', { from, to });
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      ...(kind ? { kind: kind as (typeof KINDS)[number] } : {}),
      ...(conference ? { conferenceId: conference } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      // The defaults of `npm run export`'s options.
      format: (format as (typeof FORMATS)[number] | undefined) ?? 'csv',
      locale: (lang as (typeof LANGS)[number] | undefined) ?? 'vi',
    },
  };
}

/**
 * A content-disposition for a download named `name`: the name as it is (RFC 6266 filename*), and an
 * ASCII stand-in for old browsers; a conference id with quotes or accents cannot break the header.
 */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * /staff/exports: the file of `npm run export` (the same tickets, columns and neutralisation, built by
 * the same exportTickets) as a download, with a preview of what it holds; a bad or reversed day is
 * refused on the page in a sentence.
 */
export const exportsPart: ConsolePart = (app, deps) => {
  const { storage, tickets, render } = deps;

  async function page(request: FastifyRequest, reply: FastifyReply, form: ExportForm, preview: boolean) {
    const lang = consoleLocale(request);
    const checked = checkForm(form, deps.t(lang));
    const conferences = (await storage.conferences.list()).map((c) => ({ id: c.id, name: c.name[lang] }));
    const base = { form, conferences, kinds: KINDS, problems: checked.ok ? {} : checked.problems };
    if (!checked.ok) return render(request, reply.status(400), 'exports', base);
    if (!preview) return render(request, reply, 'exports', base);
    const chosen = filterTickets(await tickets.all(), checked.request);
    return render(request, reply, 'exports', {
      ...base,
      preview: {
        count: chosen.length,
        shown: chosen.slice(0, PREVIEW_ROWS).map((t) => ({ ...t, content: t.content.length > PREVIEW_CHARS ? `${t.content.slice(0, PREVIEW_CHARS)}…` : t.content })),
      },
    });
  }

  app.get('/exports', async (request, reply) => {
    const form = formOf(request.query);
    return page(request, reply, form, Object.keys(form).length > 0);
  });

  // The download: a GET so the browser saves it like any file; nothing changes on the server.
  app.get('/exports/file', async (request, reply) => {
    const form = formOf(request.query);
    const checked = checkForm(form, deps.t(consoleLocale(request)));
    if (!checked.ok) return page(request, reply, form, false);
    const file = await exportTickets(await tickets.all(), checked.request);
    request.log.info({ event: 'tickets-exported', by: request.staff!.login, format: checked.request.format, count: file.count }, 'tickets exported from the console');
    return reply
      .type(checked.request.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(file.name))
      .header('cache-control', 'no-store')
      .send(file.content);
  });
};
