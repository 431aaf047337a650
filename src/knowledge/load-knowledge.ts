import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { knowledgeFileSchema } from './entry-schema.js';
import type { Entry } from './entry.js';

/** A content problem, reported with the file, the entry, the field and the line. */
export class ContentError extends Error {
  override name = 'ContentError';
}

/** Loads and validates every `*.yaml` file in `dir`; throws ContentError on the first bad one. */
export function loadKnowledge(dir: string): Entry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  if (files.length === 0) throw new ContentError(`${dir}: no knowledge files (*.yaml) found`);
  const entries = files.flatMap((f) => loadKnowledgeFile(join(dir, f)));
  checkCrossReferences(entries);
  return entries;
}

export function loadKnowledgeFile(path: string): Entry[] {
  const name = relative(process.cwd(), path) || path;
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = err.linePos?.[0]?.line;
    throw new ContentError(`${name}${line ? `:${line}` : ''}: invalid YAML: ${err.message.split('\n')[0]}`);
  }
  const parsed = knowledgeFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const node = deepestNode(doc, path);
    const line = node?.range ? lines.linePos(node.range[0]).line : undefined;
    const raw = doc.toJS() as { entries?: Array<{ id?: unknown }> };
    const entryIndex = path[0] === 'entries' && typeof path[1] === 'number' ? path[1] : undefined;
    const entryId = entryIndex !== undefined ? raw.entries?.[entryIndex]?.id : undefined;
    const entry = entryIndex !== undefined ? `entry ${typeof entryId === 'string' ? entryId : `#${entryIndex + 1}`}, ` : '';
    const field = path.slice(entryIndex !== undefined ? 2 : 0).join('.') || '(file)';
    throw new ContentError(`${name}${line ? `:${line}` : ''}: ${entry}field ${field}: expected ${issue.message}`);
  }
  return parsed.data.entries.map((e) => ({ ...e, topic: parsed.data.topic, file: name }));
}

/** The node at `path`, or the nearest ancestor that exists (for a missing field). */
function deepestNode(doc: ReturnType<typeof parseDocument>, path: Array<string | number>) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node)) return node;
  }
  return undefined;
}

function checkCrossReferences(entries: Entry[]): void {
  const seen = new Map<string, string>();
  for (const e of entries) {
    const other = seen.get(e.id);
    if (other) throw new ContentError(`${e.file}: entry ${e.id}: field id: expected a unique id (also in ${other})`);
    seen.set(e.id, e.file);
  }
  for (const e of entries) {
    for (const r of e.related) {
      if (!seen.has(r)) throw new ContentError(`${e.file}: entry ${e.id}: field related: "${r}" is not an entry id`);
      if (r === e.id) throw new ContentError(`${e.file}: entry ${e.id}: field related: an entry cannot relate to itself`);
    }
  }
}
