import type { Translate } from '../../conversation/ports.js';
import { LIVE_BLOCKS, MAX_ID_LENGTH } from '../../knowledge/entry-schema.js';
import { TOPICS } from '../../knowledge/topics.js';
import { fieldId, MAX_NOTE, SOURCE_KINDS, SOURCE_STATUSES, TEXT_FIELDS, type Bi, type EntryForm } from './entry-form.js';

/** One input of the edit form as the page draws it: labelled, with its hint and its problem tied to it. */
export interface FieldView {
  name: string;
  id: string;
  kind: 'text' | 'textarea' | 'date' | 'select' | 'checkbox';
  label: string;
  value: string;
  checked?: boolean;
  hint?: string;
  problem?: string;
  max?: number;
  rows?: number;
  lang?: 'vi' | 'en';
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
}

/** A group of inputs (a bilingual text, a source, a deadline) with a legend and a problem of its own. */
export interface GroupView {
  name: string;
  id: string;
  legend: string;
  problem?: string;
  fields: FieldView[];
  /** Its row number, for a repeated group's "remove" button. */
  index?: number;
}

export interface FormView {
  isNew: boolean;
  id: string;
  basedOn: number;
  basics: FieldView[];
  texts: GroupView[];
  sources: GroupView[];
  sourcesProblem?: string;
  lists: FieldView[];
  dates: FieldView[];
  periodProblem?: string;
  deadlines: GroupView[];
  deadlinesProblem?: string;
  leadAfter: GroupView[];
  leadAfterProblem?: string;
  live: FieldView[];
  liveProblem?: string;
  note: FieldView;
  /** Every problem, in the form's order, with the field it links to. */
  summary: Array<{ href: string; label: string; message: string }>;
}

/** Lays out the edit form for the page: every field of the entry schema, its value, label, hint and problem. */
export function formView(form: EntryForm, problems: Record<string, string>, t: Translate, isNew: boolean): FormView {
  const k = (key: string, vars?: Record<string, string | number>) => t(`console.knowledge.${key}`, vars);
  const inLang = (label: string, lang: 'vi' | 'en') => k('inLang', { field: label, lang: k(`lang.${lang}`) });
  const summary: FormView['summary'] = [];
  // Inside a repeated group, the summary names the group too ("Văn bản 2 — Số hiệu").
  let within: string | undefined;
  const field = (name: string, kind: FieldView['kind'], label: string, value: string, extra: Partial<FieldView> = {}): FieldView => {
    const problem = problems[name];
    if (problem) summary.push({ href: `#${fieldId(name)}`, label: within ? `${within} — ${label}` : label, message: problem });
    return { name, id: fieldId(name), kind, label, value, ...(problem ? { problem } : {}), ...extra };
  };
  const group = (name: string, legend: string, fields: () => FieldView[], index?: number): GroupView => {
    const problem = problems[name];
    if (problem) summary.push({ href: `#${fieldId(name)}`, label: legend, message: problem });
    within = index !== undefined ? legend : undefined;
    const inside = fields();
    within = undefined;
    return { name, id: fieldId(name), legend, ...(problem ? { problem } : {}), fields: inside, ...(index !== undefined ? { index } : {}) };
  };
  const groupProblem = (name: string, label: string) => {
    const problem = problems[name];
    if (problem) summary.push({ href: `#${fieldId(name)}`, label, message: problem });
    return problem;
  };
  // Texts have no maxlength (a pasted text would be cut silently): the service refuses one too long at its field, the text kept.
  const bilingual = (name: string, label: string, value: Bi, kind: FieldView['kind'] = 'textarea', rows = 3, required = false) =>
    (['vi', 'en'] as const).map((lang) =>
      field(`${name}.${lang}`, kind, required ? k('inLangRequired', { field: label, lang: k(`lang.${lang}`) }) : inLang(label, lang), value[lang], { lang, rows, ...(required ? { required } : {}) }),
    );

  const basics = [
    ...(isNew ? [field('id', 'text', k('field.id'), form.id, { hint: k('hint.id'), max: MAX_ID_LENGTH, required: true })] : []),
    field('topic', 'select', k('field.topic'), form.topic, {
      required: true,
      options: [{ value: '', label: k('choose') }, ...TOPICS.map((topic) => ({ value: topic, label: t(`topic.${topic}`) }))],
    }),
  ];
  const texts = TEXT_FIELDS.map(({ name, optional }) =>
    group(name, optional ? k('optional', { field: k(`field.${name}`) }) : k(`field.${name}`), () =>
      bilingual(name, k(`field.${name}`), form[name], name === 'title' ? 'text' : 'textarea', name === 'answer' ? 8 : 3, !optional).map((f) => ({
        ...f,
        ...(name === 'answer' && f.lang === 'vi' ? { hint: k('hint.answer') } : {}),
      })),
    ),
  );
  const sourcesProblem = groupProblem('sources', k('sources'));
  const sources = form.sources.map((s, i) =>
    group(
      `sources.${i}`,
      k('source.legend', { n: i + 1 }),
      () => [
        field(`sources.${i}.kind`, 'select', k('source.kind'), s.kind, { options: SOURCE_KINDS.map((value) => ({ value, label: k(`sourceKind.${value}`) })) }),
        field(`sources.${i}.number`, 'text', k('source.number'), s.number, { hint: k('hint.number'), max: 100 }),
        field(`sources.${i}.title`, 'text', k('source.title'), s.title, { max: 400 }),
        ...bilingual(`sources.${i}.article`, k('source.article'), s.article, 'text'),
        field(`sources.${i}.issued`, 'text', k('source.issued'), s.issued, { hint: k('hint.documentDate'), max: 10 }),
        field(`sources.${i}.effective`, 'text', k('source.effective'), s.effective, { hint: k('hint.documentDate'), max: 10 }),
        field(`sources.${i}.status`, 'select', k('source.status'), s.status, { options: SOURCE_STATUSES.map((value) => ({ value, label: k(`sourceStatus.${value}`) })) }),
        field(`sources.${i}.replacedBy`, 'text', k('source.replacedBy'), s.replacedBy, { hint: k('hint.replacedBy'), max: 200 }),
        field(`sources.${i}.url`, 'text', k('source.url'), s.url, { max: 1000 }),
        field(`sources.${i}.retroactive`, 'checkbox', k('source.retroactive'), '1', { checked: s.retroactive }),
        field(`sources.${i}.secondary`, 'checkbox', k('source.secondary'), '1', { checked: s.secondary }),
      ],
      i,
    ),
  );
  const lists = [
    field('questions', 'textarea', k('field.questions'), form.questions, { hint: k('hint.questions'), rows: 8 }),
    field('keywords', 'textarea', k('field.keywords'), form.keywords, { hint: k('hint.keywords'), rows: 4 }),
    field('related', 'textarea', k('field.related'), form.related, { hint: k('hint.related'), rows: 3 }),
  ];
  const periodProblem = groupProblem('period', k('field.period'));
  const dates = [
    field('reviewed', 'date', k('field.reviewed'), form.reviewed, { hint: k('hint.reviewed'), required: true }),
    field('period.from', 'date', k('field.periodFrom'), form.period.from),
    field('period.to', 'date', k('field.periodTo'), form.period.to, { hint: k('hint.periodTo') }),
    field('supersededBy', 'text', k('field.supersededBy'), form.supersededBy, { hint: k('hint.supersededBy'), max: MAX_ID_LENGTH }),
  ];
  const deadlinesProblem = groupProblem('deadlines', k('deadlines'));
  const deadlines = form.deadlines.map((d, i) =>
    group(`deadlines.${i}`, k('deadline.legend', { n: i + 1 }), () => [field(`deadlines.${i}.date`, 'date', k('deadline.date'), d.date), ...bilingual(`deadlines.${i}.label`, k('deadline.label'), d.label, 'text')], i),
  );
  const leadAfterProblem = groupProblem('leadAfter', k('leadAfter'));
  const leadAfter = form.leadAfter.map((l, i) =>
    group(
      `leadAfter.${i}`,
      k('lead.legend', { n: i + 1 }),
      () => [field(`leadAfter.${i}.after`, 'date', k('lead.after'), l.after), ...bilingual(`leadAfter.${i}`, k('lead.text'), { vi: l.vi, en: l.en }, 'textarea', 2)],
      i,
    ),
  );
  const liveProblem = groupProblem('live', k('field.live'));
  const live = LIVE_BLOCKS.map((block) => field(`live.${block}`, 'checkbox', k(`live.${block}`), '1', { checked: form.live.includes(block) }));
  const note = field('note', 'text', k('field.note'), form.note, { hint: k('hint.note'), max: MAX_NOTE });
  const whole = problems[''];
  if (whole) summary.unshift({ href: '#kf-form', label: k('wholeForm'), message: whole });
  return { isNew, id: form.id, basedOn: form.basedOn, basics, texts, sources, sourcesProblem, lists, dates, periodProblem, deadlines, deadlinesProblem, leadAfter, leadAfterProblem, live, liveProblem, note, summary };
}
