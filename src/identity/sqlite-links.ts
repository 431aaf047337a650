import type Database from 'better-sqlite3';
import { outboxWriter } from '../delivery/sqlite-outbox-table.js';
import type { DeliveryJob } from '../delivery/delivery-job.js';
import { byLastSeen, isLive, LINK_CODE_TTL_MS, type LinkCode, type LinkStore, type Redeemed, type UnlinkNotice } from './link-store.js';

interface CodeRow {
  code: string;
  conversation_id: string;
  locale: 'vi' | 'en';
  issued_at: string;
  expires_at: number;
}

interface LinkRow {
  conversation_id: string;
  member_id: string;
  last_seen_at: string | null;
}

/** Links and codes in the embedded database; each change one transaction (the outbox row included). */
export function sqliteLinks(db: Database.Database): LinkStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS link_codes (
      code TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL UNIQUE,
      locale TEXT NOT NULL,
      issued_at TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS member_links (
      conversation_id TEXT PRIMARY KEY,
      member_id TEXT NOT NULL,
      last_seen_at TEXT
    );
    CREATE INDEX IF NOT EXISTS member_links_member ON member_links (member_id);
  `);
  const writeJob = outboxWriter(db);
  const purgeCodes = db.prepare('DELETE FROM link_codes WHERE expires_at <= ?');
  const dropCodeOf = db.prepare('DELETE FROM link_codes WHERE conversation_id = ?');
  const insertCode = db.prepare('INSERT OR IGNORE INTO link_codes (code, conversation_id, locale, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const selectCode = db.prepare<[string], CodeRow>('SELECT * FROM link_codes WHERE code = ?');
  const selectCodeOf = db.prepare<[string], CodeRow>('SELECT * FROM link_codes WHERE conversation_id = ?');
  const deleteCode = db.prepare('DELETE FROM link_codes WHERE code = ? AND conversation_id = ?');
  const memberOf = db.prepare<[string], { member_id: string }>('SELECT member_id FROM member_links WHERE conversation_id = ?');
  const ofMember = db.prepare<[string], LinkRow>('SELECT * FROM member_links WHERE member_id = ?');
  const insertLink = db.prepare('INSERT OR IGNORE INTO member_links (conversation_id, member_id, last_seen_at) VALUES (?, ?, ?)');
  const moveMember = db.prepare('UPDATE member_links SET member_id = ? WHERE member_id = ?');
  const setSeen = db.prepare('UPDATE member_links SET last_seen_at = ? WHERE conversation_id = ?');
  const deleteLink = db.prepare('DELETE FROM member_links WHERE conversation_id = ?');
  const deleteMember = db.prepare('DELETE FROM member_links WHERE member_id = ?');

  const issue = db.transaction((c: LinkCode): boolean => {
    purgeCodes.run(Date.parse(c.issuedAt));
    dropCodeOf.run(c.conversationId);
    return insertCode.run(c.code, c.conversationId, c.locale, c.issuedAt, Date.parse(c.issuedAt) + LINK_CODE_TTL_MS).changes === 1;
  });

  const redeem = db.transaction((c: LinkCode, redeemer: string, now: Date, newMemberId: string, jobs: DeliveryJob[]): Redeemed | undefined => {
    const row = selectCode.get(c.code);
    if (!row || row.conversation_id !== c.conversationId || row.expires_at <= now.getTime()) return undefined;
    deleteCode.run(c.code, c.conversationId);
    const issuerMember = memberOf.get(c.conversationId)?.member_id;
    const redeemerMember = memberOf.get(redeemer)?.member_id;
    const memberId = issuerMember ?? newMemberId;
    insertLink.run(c.conversationId, memberId, c.issuedAt);
    if (redeemerMember && redeemerMember !== memberId) moveMember.run(memberId, redeemerMember);
    insertLink.run(redeemer, memberId, null);
    setSeen.run(now.toISOString(), redeemer);
    for (const job of jobs) writeJob(job);
    return { memberId, issuerBefore: issuerMember ?? c.conversationId, redeemerBefore: redeemerMember ?? redeemer };
  });

  const unlink = db.transaction((conversationId: string, notices: UnlinkNotice[]): string[] => {
    const member = memberOf.get(conversationId)?.member_id;
    if (!member) return [];
    deleteLink.run(conversationId);
    const others = ofMember.all(member).map((r) => r.conversation_id);
    if (others.length < 2) deleteMember.run(member);
    for (const n of notices) if (others.includes(n.to)) writeJob(n.job);
    return others.sort();
  });

  const forget = db.transaction((conversationId: string) => {
    const member = memberOf.get(conversationId)?.member_id;
    const ids = member ? ofMember.all(member).map((r) => r.conversation_id) : [conversationId];
    for (const id of ids) dropCodeOf.run(id);
    if (member) deleteMember.run(member);
  });

  return {
    async issue(c) {
      return issue(c);
    },
    async peek(code, now) {
      return live(selectCode.get(code), now);
    },
    async codeOf(conversationId, now) {
      return live(selectCodeOf.get(conversationId), now);
    },
    async redeem(c, redeemer, now, newMemberId, jobs) {
      return redeem(c, redeemer, now, newMemberId, jobs);
    },
    async links(conversationId) {
      const member = memberOf.get(conversationId)?.member_id;
      if (!member) return { memberId: null, conversations: [{ conversationId, lastSeenAt: null }] };
      return { memberId: member, conversations: ofMember.all(member).map((r) => ({ conversationId: r.conversation_id, lastSeenAt: r.last_seen_at })).sort(byLastSeen) };
    },
    async seen(conversationId, at) {
      setSeen.run(at, conversationId);
    },
    async unlink(conversationId, notices = []) {
      return unlink(conversationId, notices);
    },
    async forget(conversationId) {
      forget(conversationId);
    },
  };
}

/** The code of a row, if it is still live at `now`. */
function live(row: CodeRow | undefined, now: Date): LinkCode | undefined {
  const c: LinkCode | undefined = row && { code: row.code, conversationId: row.conversation_id, locale: row.locale, issuedAt: row.issued_at };
  return c && isLive(c, now) ? c : undefined;
}
