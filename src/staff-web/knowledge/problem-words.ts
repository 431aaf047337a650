import type { Translate } from '../../conversation/ports.js';

/**
 * The entry schema and its reference checks word their problems in English for developers
 * (src/knowledge/entry-schema.ts, load-knowledge.ts). The console says the same in the editor's
 * language: each known message has a key under console.knowledge.problems, with what varies
 * (a number, an id) passed on. A message not listed here is shown as the schema words it.
 */
const KNOWN: Array<[RegExp, string, (m: RegExpExecArray) => Record<string, string>]> = [
  [/^Vietnamese text$/, 'vietnamese', () => ({})],
  [/^English text$/, 'english', () => ({})],
  [/^at most (\d+) characters$/, 'tooLong', (m) => ({ max: m[1]! })],
  [/^Too small: expected string to have >=(\d+) characters?$/, 'tooShort', (m) => ({ min: m[1]! })],
  [/^Too big: expected string to have <=(\d+) characters?$/, 'tooLong', (m) => ({ max: m[1]! })],
  [/^Invalid input: expected \w+, received undefined$/, 'required', () => ({})],
  [/^an ISO date like 2024-07-01 \(quoted\)$/, 'date', () => ({})],
  [/^an ISO date like 2024-07-01, or a month like/, 'documentDate', () => ({})],
  [/^a real calendar date$/, 'realDate', () => ({})],
  [/^the document number as printed/, 'number', () => ({})],
  [/^replacedBy is required/, 'replacedBy', () => ({})],
  [/^an effective date on or after the issue date/, 'effective', () => ({})],
  [/^from on or before to$/, 'periodOrder', () => ({})],
  [/^from, to, or both$/, 'periodEmpty', () => ({})],
  [/^kebab-case/, 'kebab', () => ({})],
  [/^at least one source$/, 'oneSource', () => ({})],
  [/^at least (\d+) example questions$/, 'questions', (m) => ({ min: m[1]! })],
  [/^Invalid URL/, 'url', () => ({})],
  [/^Invalid option/, 'option', () => ({})],
  [/^expected a unique id/, 'idTaken', () => ({})],
  [/^expected to start with "(.+)"$/, 'idPrefix', (m) => ({ prefix: m[1]! })],
  [/^the entry's id is (.+)$/, 'idFixed', (m) => ({ id: m[1]! })],
  [/^"(.+)" is not an entry id$/, 'notAnEntry', (m) => ({ id: m[1]! })],
  [/^an entry cannot relate to itself$/, 'selfRelated', () => ({})],
  [/^an entry cannot supersede itself$/, 'selfSuperseded', () => ({})],
  [/^"(.+)" ends no later than this entry$/, 'supersededEarlier', (m) => ({ id: m[1]! })],
  [/^expected the day the rule ended/, 'periodToNeeded', () => ({})],
  [/^the main basis (.+) has been replaced by (.*?);/, 'mainReplaced', (m) => ({ number: m[1]!, by: m[2]! })],
];

/** A schema problem in the console's words (the schema's own words when it is not a known one). */
export function problemInWords(message: string, t: Translate): string {
  for (const [pattern, key, vars] of KNOWN) {
    const m = pattern.exec(message);
    if (m) return t(`console.knowledge.problems.${key}`, vars(m));
  }
  return message;
}
