import { fail, loadContent, openBotStorage } from './load-for-cli.js';
import { formatVietnamDateTime } from '../time/vietnam-time.js';

/**
 * npm run report — for Alliance staff: which answers members found unhelpful (👍/👎 per entry) and
 * the latest questions the bot could not answer outright, so the missing entries can be written.
 * Reads the same storage as the bot (DATA_DIR or REDIS_URL). `--limit N` questions (default 50).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const limitAt = args.indexOf('--limit');
  const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) fail('usage: npm run report -- [--limit N]   (N from 1 to 10000)');
  const { storage } = await openBotStorage();
  const { knowledge } = loadContent();
  try {
    const votes = await storage.insights.feedbackByEntry();
    console.log('Feedback per entry (👎 first)\n\n  👍   👎  entry');
    for (const v of votes) console.log(`${String(v.up).padStart(4)} ${String(v.down).padStart(4)}  ${v.entryId} — ${knowledge.get(v.entryId)?.title.vi ?? '(no longer in the knowledge base)'}`);
    if (votes.length === 0) console.log('  (no votes yet)');
    const recent = await storage.insights.recentQuestions(limit);
    console.log(`\nLatest questions without a confident answer or with 👎 (phone numbers and e-mails masked)\n`);
    for (const q of recent) console.log(`${formatVietnamDateTime(q.at)}  ${q.kind.padEnd(6)} ${(q.entryId ?? q.topic ?? '-').padEnd(36)} ${q.question}`);
    if (recent.length === 0) console.log('  (none yet)');
  } finally {
    await storage.close();
  }
}

await main();
