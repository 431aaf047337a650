import type Database from 'better-sqlite3';
import type { AccountStore, StaffAccount } from './staff-account.js';

interface Row {
  login: string;
  name: string;
  role: StaffAccount['role'];
  password_hash: string;
  disabled: number;
  created_at: string;
}

const fromRow = (r: Row): StaffAccount => ({ login: r.login, name: r.name, role: r.role, passwordHash: r.password_hash, disabled: r.disabled === 1, createdAt: r.created_at });

export function sqliteAccounts(db: Database.Database): AccountStore {
  db.exec(`CREATE TABLE IF NOT EXISTS staff_accounts (
    login TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`);
  const insert = db.prepare('INSERT OR IGNORE INTO staff_accounts (login, name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const byLogin = db.prepare<[string], Row>('SELECT * FROM staff_accounts WHERE login = ?');
  const all = db.prepare<[], Row>('SELECT * FROM staff_accounts ORDER BY login');
  const save = db.prepare('UPDATE staff_accounts SET name = ?, role = ?, password_hash = ?, disabled = ? WHERE login = ?');
  return {
    async create(a) {
      return insert.run(a.login, a.name, a.role, a.passwordHash, a.disabled ? 1 : 0, a.createdAt).changes === 1;
    },
    async get(login) {
      const row = byLogin.get(login);
      return row ? fromRow(row) : undefined;
    },
    async list() {
      return all.all().map(fromRow);
    },
    async update(login, change) {
      const row = byLogin.get(login);
      if (!row) return false;
      const next = { ...fromRow(row), ...change };
      save.run(next.name, next.role, next.passwordHash, next.disabled ? 1 : 0, login);
      return true;
    },
  };
}
