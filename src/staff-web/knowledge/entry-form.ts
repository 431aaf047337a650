import { LIVE_BLOCKS } from '../../knowledge/entry-schema.js';
import type { EntryBody } from '../../content/content-kinds.js';

/**
 * The knowledge entry as the console's edit form holds it: every field as typed (strings), the
 * repeated parts (sources, deadlines, lines after a day) as rows. Each input is named by the path
 * the entry schema reports its problems under ("sources.0.number", "answer.vi"), so a refused value
 * is shown at its own field.
 */
export interface Bi {
  vi: string;
  en: string;
}

export interface SourceRow {
  kind: string;
  number: string;
  title: string;
  article: Bi;
  issued: string;
  effective: string;
  status: string;
  replacedBy: string;
  url: string;
  retroactive: boolean;
  secondary: boolean;
}

export interface DeadlineRow {
  date: string;
  label: Bi;
}

export interface LeadRow {
  after: string;
  vi: string;
  en: string;
}

export interface EntryForm {
  id: string;
  topic: string;
  title: Bi;
  answer: Bi;
  eligibility: Bi;
  howToApply: Bi;
  provincialNote: Bi;
  previously: Bi;
  sources: SourceRow[];
  /** One example question a line. */
  questions: string;
  /** One keyword a line (or separated by a comma and a space). */
  keywords: string;
  /** Entry ids, one a line (or separated by commas or spaces). */
  related: string;
  reviewed: string;
  period: { from: string; to: string };
  supersededBy: string;
  deadlines: DeadlineRow[];
  leadAfter: LeadRow[];
  live: string[];
  /** Why this revision (kept in the history). */
  note: string;
  /** The document's newest revision when the form was opened (0 for a new entry). */
  basedOn: number;
}

/** The bilingual texts of an entry, in the form's order, with the longest each may be. */
export const TEXT_FIELDS = [
  { name: 'title', max: 120, optional: false },
  { name: 'answer', max: 1500, optional: false },
  { name: 'eligibility', max: 600, optional: false },
  { name: 'howToApply', max: 600, optional: false },
  { name: 'provincialNote', max: 600, optional: true },
  { name: 'previously', max: 400, optional: true },
] as const;
export type TextField = (typeof TEXT_FIELDS)[number]['name'];

export const SOURCE_KINDS = ['law', 'decree', 'decision', 'resolution', 'circular', 'plan', 'other'] as const;
export const SOURCE_STATUSES = ['in-force', 'replaced', 'expired'] as const;
/** Longest note kept with a revision (the service keeps 300 characters). */
export const MAX_NOTE = 300;
/** Rows of a repeated part the form takes at most (an entry cites a handful of documents). */
const MAX_ROWS = 40;

const blankBi = (): Bi => ({ vi: '', en: '' });
export const blankSource = (): SourceRow => ({ kind: 'decree', number: '', title: '', article: blankBi(), issued: '', effective: '', status: 'in-force', replacedBy: '', url: '', retroactive: false, secondary: false });
export const blankDeadline = (): DeadlineRow => ({ date: '', label: blankBi() });
export const blankLead = (): LeadRow => ({ after: '', vi: '', en: '' });

/** An empty form for a new entry (one blank source to fill in). */
export function blankForm(): EntryForm {
  return {
    id: '',
    topic: '',
    title: blankBi(),
    answer: blankBi(),
    eligibility: blankBi(),
    howToApply: blankBi(),
    provincialNote: blankBi(),
    previously: blankBi(),
    sources: [blankSource()],
    questions: '',
    keywords: '',
    related: '',
    reviewed: '',
    period: { from: '', to: '' },
    supersededBy: '',
    deadlines: [],
    leadAfter: [],
    live: [],
    note: '',
    basedOn: 0,
  };
}

type Posted = Record<string, unknown>;

/** A posted value as text: the first of repeated values, line ends as "\n" (browsers send "\r\n"), at most `max` characters. */
function text(raw: Posted, name: string, max = 5000): string {
  const value = raw[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.replace(/\r\n?/g, '\n').slice(0, max) : '';
}

const checked = (raw: Posted, name: string) => text(raw, name) !== '';
/** Longest text read from a bilingual field: well over every limit, so one too long is refused at its field with the text kept, not cut. */
const MAX_POSTED_TEXT = 20_000;
const bi = (raw: Posted, name: string): Bi => ({ vi: text(raw, `${name}.vi`, MAX_POSTED_TEXT), en: text(raw, `${name}.en`, MAX_POSTED_TEXT) });

/** The row numbers a repeated part was posted with ("sources.0.number", "sources.3.title" → [0, 3]), in order. */
function rowIndexes(raw: Posted, part: string): number[] {
  const pattern = new RegExp(`^${part}\\.(\\d{1,3})\\.`);
  const seen = new Set<number>();
  for (const key of Object.keys(raw)) {
    const m = pattern.exec(key);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b).slice(0, MAX_ROWS);
}

/** What an editor posted, field by field; anything else in the body is left out. */
export function formFromPost(body: unknown): EntryForm {
  const raw = (body ?? {}) as Posted;
  const basedOn = Number(text(raw, 'basedOn'));
  return {
    id: text(raw, 'id', 100).trim(),
    topic: text(raw, 'topic', 40),
    title: bi(raw, 'title'),
    answer: bi(raw, 'answer'),
    eligibility: bi(raw, 'eligibility'),
    howToApply: bi(raw, 'howToApply'),
    provincialNote: bi(raw, 'provincialNote'),
    previously: bi(raw, 'previously'),
    sources: rowIndexes(raw, 'sources').map((i) => {
      const at = (field: string) => text(raw, `sources.${i}.${field}`, 1000);
      return {
        kind: at('kind'),
        number: at('number'),
        title: at('title'),
        article: bi(raw, `sources.${i}.article`),
        issued: at('issued'),
        effective: at('effective'),
        status: at('status'),
        replacedBy: at('replacedBy'),
        url: at('url'),
        retroactive: checked(raw, `sources.${i}.retroactive`),
        secondary: checked(raw, `sources.${i}.secondary`),
      };
    }),
    questions: text(raw, 'questions', 20_000),
    keywords: text(raw, 'keywords', 10_000),
    related: text(raw, 'related', 5000),
    reviewed: text(raw, 'reviewed', 20),
    period: { from: text(raw, 'period.from', 20), to: text(raw, 'period.to', 20) },
    supersededBy: text(raw, 'supersededBy', 100).trim(),
    deadlines: rowIndexes(raw, 'deadlines').map((i) => ({ date: text(raw, `deadlines.${i}.date`, 20), label: bi(raw, `deadlines.${i}.label`) })),
    leadAfter: rowIndexes(raw, 'leadAfter').map((i) => ({ after: text(raw, `leadAfter.${i}.after`, 20), vi: text(raw, `leadAfter.${i}.vi`, MAX_POSTED_TEXT), en: text(raw, `leadAfter.${i}.en`, MAX_POSTED_TEXT) })),
    live: LIVE_BLOCKS.filter((b) => checked(raw, `live.${b}`)),
    note: text(raw, 'note', MAX_NOTE * 2),
    basedOn: Number.isInteger(basedOn) && basedOn >= 0 ? basedOn : 0,
  };
}

const filled = (...values: string[]) => values.some((v) => v.trim() !== '');

/** The form without rows left entirely blank (an added source never filled in), so row numbers match the saved entry's. */
export function withoutBlankRows(form: EntryForm): EntryForm {
  return {
    ...form,
    sources: form.sources.filter((s) => filled(s.number, s.title, s.article.vi, s.article.en, s.issued, s.effective, s.replacedBy, s.url)),
    deadlines: form.deadlines.filter((d) => filled(d.date, d.label.vi, d.label.en)),
    leadAfter: form.leadAfter.filter((l) => filled(l.after, l.vi, l.en)),
  };
}

const lines = (value: string) =>
  value
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
const list = (value: string, separators: RegExp) =>
  value
    .split(separators)
    .map((l) => l.trim())
    .filter((l) => l !== '');
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
const optionalBi = (b: Bi) => (filled(b.vi, b.en) ? { vi: b.vi, en: b.en } : undefined);

/** Drops keys whose value is undefined, so an optional field left empty is absent from the stored body. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The entry body the form stands for, as the content service checks it. Blank rows are expected
 * to be gone already ({@link withoutBlankRows}): the body's row numbers are the form's.
 */
export function bodyFromForm(form: EntryForm): Record<string, unknown> {
  const period = filled(form.period.from, form.period.to) ? defined({ from: optional(form.period.from), to: optional(form.period.to) }) : undefined;
  return defined({
    id: form.id,
    topic: form.topic,
    title: form.title,
    answer: form.answer,
    eligibility: form.eligibility,
    howToApply: form.howToApply,
    provincialNote: optionalBi(form.provincialNote),
    sources: form.sources.map((s) =>
      defined({
        kind: s.kind,
        number: s.number,
        title: s.title,
        article: optionalBi(s.article),
        issued: s.issued.trim(),
        effective: s.effective.trim(),
        status: s.status,
        replacedBy: optional(s.replacedBy),
        url: optional(s.url),
        retroactive: s.retroactive ? true : undefined,
        secondary: s.secondary ? true : undefined,
      }),
    ),
    questions: lines(form.questions),
    // A comma inside a keyword is a decimal one ("21,5%"): only a comma and a space separate keywords.
    keywords: list(form.keywords, /\n|,\s+/),
    related: list(form.related, /[\s,]+/),
    reviewed: form.reviewed.trim(),
    period,
    supersededBy: optional(form.supersededBy),
    previously: optionalBi(form.previously),
    deadlines: form.deadlines.map((d) => ({ date: d.date.trim(), label: d.label })),
    leadAfter: form.leadAfter.map((l) => ({ after: l.after.trim(), vi: l.vi, en: l.en })),
    live: form.live,
  });
}

const biOf = (b: Bi | undefined): Bi => ({ vi: b?.vi ?? '', en: b?.en ?? '' });

/** The form filled with a stored entry body (to edit it). */
export function formFromBody(body: EntryBody, basedOn: number): EntryForm {
  return {
    id: body.id,
    topic: body.topic,
    title: biOf(body.title),
    answer: biOf(body.answer),
    eligibility: biOf(body.eligibility),
    howToApply: biOf(body.howToApply),
    provincialNote: biOf(body.provincialNote),
    previously: biOf(body.previously),
    sources: body.sources.map((s) => ({
      kind: s.kind,
      number: s.number,
      title: s.title,
      article: biOf(s.article),
      issued: s.issued,
      effective: s.effective,
      status: s.status,
      replacedBy: s.replacedBy ?? '',
      url: s.url ?? '',
      retroactive: s.retroactive === true,
      secondary: s.secondary === true,
    })),
    questions: body.questions.join('\n'),
    keywords: (body.keywords ?? []).join('\n'),
    related: (body.related ?? []).join('\n'),
    reviewed: body.reviewed,
    period: { from: body.period?.from ?? '', to: body.period?.to ?? '' },
    supersededBy: body.supersededBy ?? '',
    deadlines: (body.deadlines ?? []).map((d) => ({ date: d.date, label: biOf(d.label) })),
    leadAfter: (body.leadAfter ?? []).map((l) => ({ after: l.after, vi: l.vi, en: l.en })),
    live: [...(body.live ?? [])],
    note: '',
    basedOn,
  };
}

/** A form button that changes the rows instead of saving ("add-source", "remove-source:2"). */
export type RowAction = { op: 'add' | 'remove'; part: 'sources' | 'deadlines' | 'leadAfter'; index: number };

const ACTION_PARTS: Record<string, RowAction['part']> = { source: 'sources', deadline: 'deadlines', lead: 'leadAfter' };

export function rowAction(body: unknown): RowAction | undefined {
  const m = /^(add|remove)-(source|deadline|lead)(?::(\d{1,3}))?$/.exec(text((body ?? {}) as Posted, '_action', 30));
  if (!m) return undefined;
  return { op: m[1] as RowAction['op'], part: ACTION_PARTS[m[2]!]!, index: Number(m[3] ?? 0) };
}

/** The form with a row added at the end or one removed (the values of the others kept). */
export function applyRowAction(form: EntryForm, action: RowAction): EntryForm {
  const blank = { sources: blankSource, deadlines: blankDeadline, leadAfter: blankLead }[action.part];
  const rows = [...form[action.part]] as unknown[];
  if (action.op === 'add' && rows.length < MAX_ROWS) rows.push(blank());
  if (action.op === 'remove') rows.splice(action.index, 1);
  return { ...form, [action.part]: rows };
}

/** The id of the page element for a field or a group of fields ("sources.0.number" → "kf-sources-0-number"). */
export const fieldId = (name: string) => `kf-${name.replace(/\./g, '-')}`;

/** Every field and group of fields the form shows, by name: where a problem can be shown. */
export function fieldNames(form: EntryForm): Set<string> {
  const names = new Set<string>(['id', 'topic', 'sources', 'questions', 'keywords', 'related', 'reviewed', 'period', 'period.from', 'period.to', 'supersededBy', 'deadlines', 'leadAfter', 'live', 'note']);
  for (const { name } of TEXT_FIELDS) for (const l of ['', '.vi', '.en']) names.add(`${name}${l}`);
  form.sources.forEach((_, i) => {
    for (const f of ['', '.kind', '.number', '.title', '.article', '.article.vi', '.article.en', '.issued', '.effective', '.status', '.replacedBy', '.url', '.retroactive', '.secondary']) names.add(`sources.${i}${f}`);
  });
  form.deadlines.forEach((_, i) => {
    for (const f of ['', '.date', '.label', '.label.vi', '.label.en']) names.add(`deadlines.${i}${f}`);
  });
  form.leadAfter.forEach((_, i) => {
    for (const f of ['', '.after', '.vi', '.en']) names.add(`leadAfter.${i}${f}`);
  });
  return names;
}

/**
 * The field (or group) a problem path belongs to: itself when the form has it, else the nearest
 * enclosing one ("questions.2" → the questions box, "sources.0" → that source's fieldset); '' for
 * a problem of the whole form.
 */
export function fieldOfProblem(path: string, names: Set<string>): string {
  // Lists typed one a line are one box.
  const list = /^(questions|keywords|related|live)\./.exec(path);
  if (list) return list[1]!;
  const parts = path.split('.');
  while (parts.length > 0) {
    const name = parts.join('.');
    if (names.has(name)) return name;
    parts.pop();
  }
  return '';
}

/**
 * The service's problems by path, regrouped by the form field they are shown at (the first problem
 * of each field), each worded by `words`.
 */
export function problemsByField(problems: Record<string, string>, form: EntryForm, words: (message: string) => string = (m) => m): Record<string, string> {
  const names = fieldNames(form);
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    const field = fieldOfProblem(path, names);
    // "questions.4": which line is wrong is worth saying in the box of all lines.
    const line = /^questions\.(\d+)$/.exec(path);
    out[field] ??= line ? `${words(message)} (#${Number(line[1]) + 1})` : words(message);
  }
  return out;
}
