import { createInterface } from 'node:readline';
import { z } from 'zod';
import { renderPlain } from '../channels/render-text.js';
import { handle } from '../conversation/engine.js';
import { newSession } from '../conversation/session.js';
import { ContentError } from '../knowledge/load-knowledge.js';
import Database from 'better-sqlite3';
import { sqliteTickets } from '../storage/sqlite/sqlite-tickets.js';
import { memberTickets } from '../relay/member-tickets.js';
import { TicketService } from '../tickets/ticket-service.js';
import { answerJson } from './answer-json.js';
import { fail, loadContent } from './load-for-cli.js';

const USAGE = 'usage: npm run ask -- [--json] [--lang vi|en] ["câu hỏi"]   (no question: one question per line on stdin, JSON lines out)';

const argsSchema = z.object({
  json: z.boolean(),
  lang: z.enum(['vi', 'en']),
  question: z.string().trim().min(1).max(2000).optional(),
});

function parseArgs(argv: string[]) {
  let json = false;
  let lang = 'vi';
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--lang') lang = argv[++i] ?? '';
    else if (a === '--help' || a === '-h') fail(USAGE, 0);
    else if (a.startsWith('--')) fail(`unknown option ${a}\n${USAGE}`);
    else words.push(a);
  }
  const parsed = argsSchema.safeParse({ json, lang, question: words.length ? words.join(' ') : undefined });
  if (!parsed.success) fail(`${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}\n${USAGE}`);
  return parsed.data;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let content: ReturnType<typeof loadContent>;
  try {
    content = loadContent();
  } catch (error) {
    if (error instanceof ContentError) fail(error.message, 1);
    throw error;
  }
  const { knowledge, translator, flows } = content;
  if (args.question === undefined) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const q = line.trim();
      if (q) process.stdout.write(`${JSON.stringify(answerJson(knowledge, q.slice(0, 2000), args.lang))}\n`);
    }
    return;
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(answerJson(knowledge, args.question, args.lang))}\n`);
    return;
  }
  const session = { ...newSession(), locale: args.lang };
  const { replies } = await handle({ kind: 'text', text: args.question, conversationId: 'cli:ask' }, session, {
    knowledge,
    translator,
    defaultLocale: args.lang,
    flows,
    // A question asked from the command line files nothing: an in-memory store keeps it so.
    tickets: memberTickets(new TicketService(sqliteTickets(new Database(':memory:')))),
    now: () => new Date(),
  });
  const pieces = replies.flatMap((r) => renderPlain(r, { buttons: false, maxTextLength: 100_000 }));
  process.stdout.write(`${pieces.join('\n\n')}\n`);
}

await main();
