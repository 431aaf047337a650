import type Database from 'better-sqlite3';
import { byMember, matches, subscriptionSchema, type Subscription, type SubscriptionStore } from './subscription.js';

interface Row {
  member_id: string;
  body: string;
}

/** Subscriptions in the embedded database: one row per member, the subscription as JSON. */
export function sqliteSubscriptions(db: Database.Database): SubscriptionStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS subscriptions (
      member_id TEXT PRIMARY KEY,
      body TEXT NOT NULL
    );
  `);
  const select = db.prepare<[string], Row>('SELECT member_id, body FROM subscriptions WHERE member_id = ?');
  const upsert = db.prepare('INSERT INTO subscriptions (member_id, body) VALUES (?, ?) ON CONFLICT(member_id) DO UPDATE SET body = excluded.body');
  const remove = db.prepare('DELETE FROM subscriptions WHERE member_id = ?');
  const all = db.prepare<[], Row>('SELECT member_id, body FROM subscriptions ORDER BY member_id');
  const read = (row: Row | undefined): Subscription | undefined => {
    const parsed = row ? subscriptionSchema.safeParse(JSON.parse(row.body)) : undefined;
    return parsed?.success ? parsed.data : undefined;
  };
  const block = db.transaction((memberId: string, at: string) => {
    const current = read(select.get(memberId));
    if (current) upsert.run(memberId, JSON.stringify({ ...current, blockedAt: at }));
  });
  return {
    async get(memberId) {
      return read(select.get(memberId));
    },
    async save(s) {
      const { blockedAt: _dropped, ...fresh } = s;
      upsert.run(s.memberId, JSON.stringify(fresh));
    },
    async remove(memberId) {
      return remove.run(memberId).changes > 0;
    },
    async markBlocked(memberId, at) {
      block(memberId, at);
    },
    async active(filter) {
      return all
        .all()
        .map(read)
        .filter((s): s is Subscription => s !== undefined && matches(s, filter))
        .sort(byMember);
    },
  };
}
