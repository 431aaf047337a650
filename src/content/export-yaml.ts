import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, visit } from 'yaml';
import type { Conference } from '../conversation/forms/form-definition.js';
import { TOPICS } from '../knowledge/topics.js';
import { ORGANISATION_ID, type EntryBody } from './content-kinds.js';
import type { ContentStore } from './content-store.js';

const HEADER = (what: string, at: string) => `# ${what}\n# Exported from the bot's storage on ${at} by \`npm run content:export\`: the published set, as staff edited it.\n`;

/** YAML as the files are written: dates quoted, long texts as blocks, no line folding. */
function toYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && /^\d{4}-\d{2}(-\d{2})?$/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** An entry with empty defaults left out, so an exported file reads like a written one. */
function entryForFile({ topic: _topic, ...entry }: EntryBody): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0 && key !== 'sources' && key !== 'questions')) continue;
    out[key] = value;
  }
  return out;
}

export interface ExportSummary {
  files: string[];
  entries: number;
}

/**
 * Writes the published content into `dir` in the layout of flows/: knowledge/<topic>.yaml (the
 * entries of each topic, in id order), organisation.yaml and conferences.yaml. `npm run
 * content:check -- DIR/knowledge` validates the result like the shipped files.
 */
export async function exportContent(store: ContentStore, dir: string, at: Date): Promise<ExportSummary> {
  const stamp = at.toISOString();
  const files: string[] = [];
  const write = (path: string, text: string) => {
    writeFileSync(path, text);
    files.push(path);
  };
  mkdirSync(join(dir, 'knowledge'), { recursive: true });
  const entries = (await store.published('entry')).map((r) => r.body as EntryBody);
  for (const topic of TOPICS) {
    const mine = entries.filter((e) => e.topic === topic).sort((a, b) => (a.id < b.id ? -1 : 1));
    const path = join(dir, 'knowledge', `${topic}.yaml`);
    // Every entry of the topic retired: the file goes (a file holds at least one entry).
    if (mine.length === 0) {
      if (existsSync(path)) rmSync(path);
      continue;
    }
    write(path, HEADER(`Knowledge base: ${topic}`, stamp) + toYaml({ topic, entries: mine.map(entryForFile) }));
  }
  const organisation = (await store.published('organisation')).find((r) => r.docId === ORGANISATION_ID);
  if (organisation) write(join(dir, 'organisation.yaml'), HEADER('The Alliance this deployment serves.', stamp) + toYaml(organisation.body));
  const conferences = (await store.published('conference')).map((r) => r.body as Conference).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  write(join(dir, 'conferences.yaml'), HEADER('Dialogue conferences.', stamp) + toYaml({ conferences }));
  return { files, entries: entries.length };
}
