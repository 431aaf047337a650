import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exportContent } from '../content/export-yaml.js';
import { openBotStorage } from './load-for-cli.js';
import { ContentError } from '../knowledge/load-knowledge.js';
import { readYaml } from '../flows/read-yaml.js';
import { organisationSchema } from '../flows/load-flows.js';
import { emptyContactFields } from '../conversation/organisation.js';
import { daysBetween, vietnamDay } from '../time/vietnam-time.js';
import { isHistory } from '../knowledge/entry.js';
import { defaultPaths } from '../app.js';
import { coverageByTopic } from '../knowledge/coverage.js';
import { MAX_ANSWER_CHARS } from '../knowledge/entry-schema.js';
import { validateKnowledge } from '../knowledge/load-knowledge.js';

/**
 * npm run content:check — validates every flow file, prints the coverage table, and exits
 * non-zero when there is an error (CI runs it). Warnings do not fail the check.
 *   npm run content:check [-- FOLDER]   the files (default flows/knowledge; an export's FOLDER/knowledge)
 *   npm run content:check -- --store    what the bot answers with: the published set in its storage
 *                                       (DATA_DIR or REDIS_URL), staff edits included, checked the same way
 */
const dir = process.argv[2] === '--store' ? await exportedStore() : (process.argv[2] ?? join(defaultPaths().flowsDir, 'knowledge'));

/** The published set written out as files into a temporary folder (what content:export writes). */
async function exportedStore(): Promise<string> {
  const { storage } = await openBotStorage();
  try {
    const out = mkdtempSync(join(tmpdir(), 'htx-content-check-'));
    await exportContent(storage.content, out, new Date());
    return join(out, 'knowledge');
  } finally {
    await storage.close();
  }
}
const { entries, problems } = validateKnowledge(dir);
const rows = coverageByTopic(entries);
const warnings: string[] = [];

console.log(`Knowledge base: ${dir}\n`);
console.log('topic              entries  min  oldest review  citing replaced  no unaccented q.');
for (const r of rows) {
  if (r.entries < r.minimum) warnings.push(`topic ${r.topic}: ${r.entries} entries, fewer than ${r.minimum}`);
  console.log(
    `${r.topic.padEnd(18)} ${String(r.entries).padStart(7)}  ${String(r.minimum).padStart(3)}  ${(r.oldestReview ?? '-').padEnd(13)}  ${String(r.citingReplaced).padStart(15)}  ${String(r.withoutUnaccentedQuestion).padStart(16)}`,
  );
}
const total = (k: 'entries' | 'citingReplaced' | 'withoutUnaccentedQuestion') => rows.reduce((s, r) => s + r[k], 0);
console.log(`${'total'.padEnd(18)} ${String(total('entries')).padStart(7)}  ${''.padStart(3)}  ${(rows.map((r) => r.oldestReview).filter(Boolean).sort()[0] ?? '-').padEnd(13)}  ${String(total('citingReplaced')).padStart(15)}  ${String(total('withoutUnaccentedQuestion')).padStart(16)}`);

const tooLong = entries.filter((e) => e.answer.vi.length > MAX_ANSWER_CHARS || e.answer.en.length > MAX_ANSWER_CHARS).length;
const brokenLinks = problems.filter((p) => p.includes('field related')).length;
console.log(`\nanswers over ${MAX_ANSWER_CHARS} characters: ${tooLong + problems.filter((p) => /field answer\.(vi|en): expected at most/.test(p)).length}`);
console.log(`broken related links: ${brokenLinks}`);
for (const e of entries) {
  if (!e.questions.some((q) => /[a-z]/i.test(q))) warnings.push(`${e.file}: entry ${e.id}: no example questions`);
}
for (const r of rows) if (r.withoutUnaccentedQuestion > 0) warnings.push(`topic ${r.topic}: ${r.withoutUnaccentedQuestion} entries without an unaccented example question`);

const today = vietnamDay(new Date()).day;
const history = entries.filter((e) => isHistory(e, today));
console.log(`history entries (rule ended, answered only when a question names their period): ${history.length}${history.length ? ` — ${history.map((e) => e.id).join(', ')}` : ''}`);
// Rules that end within 60 days: the day after, their entry becomes history (write its successor in time).
const soon = entries.filter((e) => e.period?.to !== undefined && !isHistory(e, today) && daysBetween(today, e.period.to) <= 60);
if (soon.length) console.log(`rules ending within 60 days: ${soon.map((e) => `${e.id} (${e.period!.to}${e.supersededBy ? '' : ', no successor entry'})`).join(', ')}`);
for (const e of entries) {
  if (e.sources[0]?.status === 'expired' && e.period?.to === undefined) warnings.push(`${e.file}: entry ${e.id}: its main basis ${e.sources[0].number} has expired; mark the entry as history (period.to) if its rule ended`);
}

// The organisation: empty fields are shown as unknown, never invented; list them so a deployment fills them.
const organisationFile = join(dirname(dir), 'organisation.yaml');
try {
  const empty = emptyContactFields(readYaml(organisationFile, organisationSchema));
  console.log(`
${organisationFile}: ${empty.length === 0 ? 'every contact field is filled' : `empty fields (the bot says it does not have them): ${empty.join(', ')}`}`);
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  problems.push(error.message);
}

if (warnings.length) console.log(`\nwarnings (${warnings.length}):\n${warnings.map((w) => `  - ${w}`).join('\n')}`);
if (problems.length) {
  console.error(`\nerrors (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('\nOK: every file is valid.');
