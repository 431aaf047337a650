import { resolve } from 'node:path';
import { z } from 'zod';
import { exportContent } from '../content/export-yaml.js';
import { CliError, openBotStorage, runCli } from './load-for-cli.js';

const USAGE = `usage: npm run content:export -- --out FOLDER
  Writes the published knowledge base, organisation and conferences from the bot's storage (DATA_DIR
  or REDIS_URL) into FOLDER in the layout of flows/: knowledge/<topic>.yaml, organisation.yaml,
  conferences.yaml. \`--out flows\` rewrites the repository's files, so \`git diff\` shows what staff
  changed; \`npm run content:check -- FOLDER/knowledge\` validates the result.`;

const argsSchema = z.tuple([z.literal('--out'), z.string().min(1, 'a folder after --out')], { error: USAGE });

await runCli('content:export', async () => {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw new CliError(USAGE, 2);
  const out = resolve(parsed.data[1]);
  const { storage } = await openBotStorage({ missingDatabaseHint: 'start the bot once on it first (it seeds the content from flows/)' });
  try {
    const summary = await exportContent(storage.content, out, new Date());
    if (summary.entries === 0) throw new CliError('The storage holds no published entries: start the bot on it once (it seeds the content from flows/), then export.');
    console.log(`${summary.entries} entries exported; files written:\n${summary.files.map((f) => `  ${f}`).join('\n')}`);
  } finally {
    await storage.close();
  }
});
