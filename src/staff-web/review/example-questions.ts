import type { EntryBody } from '../../content/content-kinds.js';
import { fold } from '../../knowledge/normalize.js';

/** The schema's shortest example question (src/knowledge/entry-schema.ts). */
export const MIN_QUESTION_CHARS = 3;
/** How many questions one review action adds at most (the rest of a huge group is left for another time). */
export const MAX_ADDED_QUESTIONS = 20;
/** A member's question longer than this is cut at a word (an example question is a line, not a letter). */
export const MAX_QUESTION_CHARS = 300;

/** A member's question as an example question: one line, trimmed, at most {@link MAX_QUESTION_CHARS}. */
export function asExampleQuestion(question: string): string {
  const line = question.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_QUESTION_CHARS) return line;
  const cut = line.slice(0, MAX_QUESTION_CHARS);
  const space = cut.lastIndexOf(' ');
  return (space > MAX_QUESTION_CHARS / 2 ? cut.slice(0, space) : cut).trim();
}

/**
 * The entry with the questions appended to its example questions: each as one line, none that the
 * entry already has (compared folded: diacritics, case, punctuation), none twice, none too short
 * for the schema. Returns the questions actually added.
 */
export function withExampleQuestions(body: EntryBody, questions: readonly string[]): { body: EntryBody; added: string[] } {
  const known = new Set(body.questions.map(fold));
  const added: string[] = [];
  for (const raw of questions) {
    const q = asExampleQuestion(raw);
    const key = fold(q);
    if (q.length < MIN_QUESTION_CHARS || key === '' || known.has(key)) continue;
    known.add(key);
    added.push(q);
    if (added.length === MAX_ADDED_QUESTIONS) break;
  }
  return { body: { ...body, questions: [...body.questions, ...added] }, added };
}

/**
 * The questions of a form or query: `<name>` (once or repeated) and `<name>.0`, `<name>.1`…
 * (checkboxes), in that order, each as an example question, once, at most {@link MAX_ADDED_QUESTIONS}.
 */
export function questionsFrom(raw: unknown, name = 'q'): string[] {
  const fields = (raw ?? {}) as Record<string, unknown>;
  const numbered = new RegExp(`^${name}\\.(\\d{1,3})$`);
  const listed = ([] as unknown[]).concat(fields[name] ?? []);
  const indexed = Object.keys(fields)
    .flatMap((k) => {
      const m = numbered.exec(k);
      return m ? [[Number(m[1]), fields[k]] as const] : [];
    })
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of [...listed, ...indexed]) {
    if (typeof v !== 'string') continue;
    const q = asExampleQuestion(v);
    const key = fold(q);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(q);
    if (out.length === MAX_ADDED_QUESTIONS) break;
  }
  return out;
}
