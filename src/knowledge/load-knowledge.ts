import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { knowledgeFileSchema } from './entry-schema.js';
import type { Entry } from './entry.js';

/** A content problem, reported with the file, the entry, the field and the line. */
export class ContentError extends Error {
  override name = 'ContentError';
}

export interface KnowledgeValidation {
  entries: Entry[];
  /** One line per problem: "file:line: entry ID, field F: expected …". */
  problems: string[];
}

/** Loads and validates every `*.yaml` file in `dir`; throws ContentError naming the first problem. */
export function loadKnowledge(dir: string): Entry[] {
  const { entries, problems } = validateKnowledge(dir);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s): npm run content:check)` : '';
    throw new ContentError(`${problems[0]}${more}`);
  }
  return entries;
}

/** Validates every knowledge file and collects all problems instead of stopping at the first. */
export function validateKnowledge(dir: string): KnowledgeValidation {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  if (files.length === 0) return { entries: [], problems: [`${dir}: no knowledge files (*.yaml) found`] };
  const entries: Entry[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const result = validateFile(join(dir, f));
    entries.push(...result.entries);
    problems.push(...result.problems);
  }
  problems.push(...crossReferenceProblems(entries));
  return { entries, problems };
}

function validateFile(path: string): KnowledgeValidation {
  const name = relative(process.cwd(), path) || path;
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      entries: [],
      problems: doc.errors.map((err) => {
        const line = err.linePos?.[0]?.line;
        return `${name}${line ? `:${line}` : ''}: invalid YAML: ${err.message.split('\n')[0]}`;
      }),
    };
  }
  const raw = doc.toJS() as { entries?: Array<{ id?: unknown }> };
  const parsed = knowledgeFileSchema.safeParse(raw);
  if (parsed.success) {
    return { entries: parsed.data.entries.map((e) => ({ ...e, topic: parsed.data.topic, file: name })), problems: [] };
  }
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const node = deepestNode(doc, path);
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    const entryIndex = path[0] === 'entries' && typeof path[1] === 'number' ? path[1] : undefined;
    const entryId = entryIndex !== undefined ? raw.entries?.[entryIndex]?.id : undefined;
    const entry = entryIndex !== undefined ? `entry ${typeof entryId === 'string' ? entryId : `#${entryIndex + 1}`}, ` : '';
    const field = path.slice(entryIndex !== undefined ? 2 : 0).join('.') || '(file)';
    return `${name}${line ? `:${line}` : ''}: ${entry}field ${field}: expected ${issue.message}`;
  });
  return { entries: [], problems };
}

/** The node at `path`, or the nearest ancestor that exists (for a missing field). */
function deepestNode(doc: ReturnType<typeof parseDocument>, path: Array<string | number>) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node)) return node;
  }
  return undefined;
}

function crossReferenceProblems(entries: Entry[]): string[] {
  return referenceProblems(entries).map((p) => `${p.entry.file}: entry ${p.entry.id}: field ${p.field}: ${p.message}`);
}

/** A problem between entries (a duplicate id, a related id that does not exist …), at an entry's field. */
export interface ReferenceProblem {
  entry: Entry;
  field: string;
  message: string;
}

/** What is wrong between the entries of one set: ids, supersededBy, related, and a main basis that was replaced. */
export function referenceProblems(entries: Entry[]): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const at = (entry: Entry, field: string, message: string) => problems.push({ entry, field, message });
  const seen = new Map<string, string>();
  for (const e of entries) {
    const other = seen.get(e.id);
    if (other) at(e, 'id', `expected a unique id (also in ${other})`);
    else seen.set(e.id, e.file);
    if (!e.id.startsWith(`${e.topic}-`)) at(e, 'id', `expected to start with "${e.topic}-"`);
  }
  for (const e of entries) {
    if (e.supersededBy !== undefined) {
      const by = entries.find((x) => x.id === e.supersededBy);
      if (!by) at(e, 'supersededBy', `"${e.supersededBy}" is not an entry id`);
      else if (by === e) at(e, 'supersededBy', 'an entry cannot supersede itself');
      else if (by.period?.to !== undefined && e.period?.to !== undefined && by.period.to <= e.period.to) at(e, 'supersededBy', `"${by.id}" ends no later than this entry`);
      if (e.period?.to === undefined) at(e, 'period.to', 'expected the day the rule ended, since the entry names supersededBy');
    }
    // The rule stated first must be the rule in force, unless the entry is marked as history.
    const main = e.sources[0];
    if (main?.status === 'replaced' && e.period?.to === undefined)
      at(e, 'sources.0', `the main basis ${main.number} has been replaced by ${main.replacedBy}; mark the entry as history (period.to, supersededBy) or cite the rule in force first`);
    for (const r of e.related) {
      if (!seen.has(r)) at(e, 'related', `"${r}" is not an entry id`);
      else if (r === e.id) at(e, 'related', 'an entry cannot relate to itself');
    }
  }
  return problems;
}
