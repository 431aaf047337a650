import { describe, expect, it } from 'vitest';
import { bodyFromEntry, entryBodySchema } from '../../../src/content/content-kinds.js';
import { realKnowledge, localesDir } from '../../support/fixtures.js';
import { createConsoleTranslator } from '../../../src/staff-web/console-i18n.js';
import { applyRowAction, bodyFromForm, fieldOfProblem, fieldNames, formFromBody, formFromPost, problemsByField, withoutBlankRows } from '../../../src/staff-web/knowledge/entry-form.js';
import { formView, type FieldView } from '../../../src/staff-web/knowledge/entry-form-view.js';

const t = createConsoleTranslator(localesDir)('vi');

/** What a browser posts for the form as the page draws it (unticked boxes are not sent). */
function posted(fields: FieldView[]): Record<string, string> {
  return Object.fromEntries(fields.filter((f) => f.kind !== 'checkbox' || f.checked).map((f) => [f.name, f.value]));
}
const allFields = (view: ReturnType<typeof formView>) => [
  ...view.basics,
  ...view.texts.flatMap((g) => g.fields),
  ...view.sources.flatMap((g) => g.fields),
  ...view.lists,
  ...view.dates,
  ...view.deadlines.flatMap((g) => g.fields),
  ...view.leadAfter.flatMap((g) => g.fields),
  ...view.live,
  view.note,
];

describe('the knowledge entry edit form', () => {
  it('saves every shipped entry unchanged when it is opened and saved without edits (line ends as browsers send them)', () => {
    for (const entry of realKnowledge().entries) {
      const body = entryBodySchema.parse(bodyFromEntry(entry));
      const form = formFromBody(body, 3);
      const sent = Object.fromEntries(Object.entries(posted(allFields(formView(form, {}, t, true)))).map(([k, v]) => [k, v.replace(/\n/g, '\r\n')]));
      const back = formFromPost({ ...sent, basedOn: '3' });
      expect(back.basedOn).toBe(3);
      expect([entry.id, entryBodySchema.parse(bodyFromForm(withoutBlankRows(back)))]).toEqual([entry.id, body]);
    }
  });

  it('keeps the other sources’ values when one is removed or a blank one added, and drops blank rows on saving', () => {
    const body = entryBodySchema.parse(bodyFromEntry(realKnowledge().get('credit-overview')!));
    const form = formFromBody(body, 1);
    const removed = applyRowAction(form, { op: 'remove', part: 'sources', index: 0 });
    expect(removed.sources.map((s) => s.number)).toEqual(body.sources.slice(1).map((s) => s.number));
    const added = applyRowAction(applyRowAction(form, { op: 'add', part: 'sources', index: 0 }), { op: 'add', part: 'deadlines', index: 0 });
    expect(added.sources).toHaveLength(body.sources.length + 1);
    expect(added.sources.at(-1)!.number).toBe('');
    expect(withoutBlankRows(added).sources).toHaveLength(body.sources.length);
    expect(withoutBlankRows(added).deadlines).toHaveLength(0);
  });

  it('shows each problem at the field it belongs to, or at the nearest group or box', () => {
    const form = formFromBody(entryBodySchema.parse(bodyFromEntry(realKnowledge().get('credit-overview')!)), 1);
    const names = fieldNames(form);
    expect(fieldOfProblem('sources.1.number', names)).toBe('sources.1.number');
    expect(fieldOfProblem('sources.0', names)).toBe('sources.0');
    expect(fieldOfProblem('answer.vi', names)).toBe('answer.vi');
    expect(fieldOfProblem('questions.4', names)).toBe('questions');
    expect(fieldOfProblem('keywords.2', names)).toBe('keywords');
    expect(fieldOfProblem('period', names)).toBe('period');
    expect(fieldOfProblem('sources.9.number', names)).toBe('sources');
    expect(fieldOfProblem('(form)', names)).toBe('');
    const problems = problemsByField({ 'sources.1.number': 'the document number as printed, e.g. 45/2021/NĐ-CP', 'questions.1': 'Too small: expected string to have >=3 characters' }, form, (m) => `«${m}»`);
    expect(problems).toEqual({ 'sources.1.number': '«the document number as printed, e.g. 45/2021/NĐ-CP»', questions: '«Too small: expected string to have >=3 characters» (#2)' });
  });
});
