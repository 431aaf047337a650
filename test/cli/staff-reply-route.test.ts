import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { draft, removeTempDirs, runCliInProcess, tempDir } from './cli-process.js';

afterAll(removeTempDirs);

/** The conversations the delivery outbox holds messages for, from the bot's database. */
function outboxRecipients(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'bot.db'), { readonly: true });
  try {
    const rows = db.prepare<[], { parts: string }>('SELECT parts FROM delivery_outbox ORDER BY id').all();
    return rows.flatMap((r) => (JSON.parse(r.parts) as Array<{ conversationId?: string; reply?: { text?: string } }>).filter((p) => p.reply?.text?.includes('Hội đã nhận')).map((p) => p.conversationId ?? '?'));
  } finally {
    db.close();
  }
}

describe('npm run staff -- reply to a linked member', () => {
  it('reaches the member on the channel they wrote from last (Telegram), not the one the ticket was filed on (Zalo OA)', async () => {
    const dataDir = tempDir('htx-staff-route-');
    const storage = openSqliteStorage(dataDir);
    const zalo = 'zalo-oa:oa-user-4';
    const telegram = 'telegram:5504';
    try {
      await new TicketService(storage.tickets).file(draft({ kind: 'difficulty', memberId: zalo, conferenceId: null }));
      const issuedAt = new Date('2026-05-01T02:00:00.000Z');
      const code = { code: '123456', conversationId: zalo, locale: 'vi' as const, issuedAt: issuedAt.toISOString() };
      expect(await storage.links.issue(code)).toBe(true);
      const later = new Date(issuedAt.getTime() + 60_000);
      expect(await storage.links.redeem(code, telegram, later, 'm:route-test', [])).toBeDefined();
      await storage.links.seen(telegram, new Date(later.getTime() + 60_000).toISOString());
    } finally {
      await storage.close();
    }
    const run = await runCliInProcess('staff', ['reply', 'KK-2026-0001', 'Hội đã nhận hồ sơ'], { env: { DATA_DIR: dataDir } });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(outboxRecipients(dataDir)).toEqual([telegram]);
  });
});
