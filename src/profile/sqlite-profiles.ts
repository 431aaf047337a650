import type Database from 'better-sqlite3';
import { profileSchema, type MemberProfile, type ProfileStore } from './profile.js';

/** Profiles in the embedded database: one row per owner, the profile as JSON. */
export function sqliteProfiles(db: Database.Database): ProfileStore {
  db.exec('CREATE TABLE IF NOT EXISTS member_profiles (owner TEXT PRIMARY KEY, body TEXT NOT NULL)');
  const select = db.prepare<[string], { body: string }>('SELECT body FROM member_profiles WHERE owner = ?');
  const upsert = db.prepare('INSERT INTO member_profiles (owner, body) VALUES (?, ?) ON CONFLICT(owner) DO UPDATE SET body = excluded.body');
  const remove = db.prepare('DELETE FROM member_profiles WHERE owner = ?');
  return {
    async get(owner) {
      const row = select.get(owner);
      const parsed = row ? profileSchema.safeParse(JSON.parse(row.body)) : undefined;
      return parsed?.success ? (parsed.data as MemberProfile) : undefined;
    },
    async save(owner, profile) {
      upsert.run(owner, JSON.stringify(profileSchema.parse(profile)));
    },
    async remove(owner) {
      return remove.run(owner).changes > 0;
    },
  };
}
