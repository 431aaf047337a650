import { z } from 'zod';

export type StaffRole = 'admin' | 'editor' | 'staff';

/** An Alliance staff account of the web console. Admins also manage accounts and conferences. */
export interface StaffAccount {
  /** What the staff member types to log in: lower-case letters, digits, dot, dash, underscore. */
  login: string;
  /** Shown in ticket histories and signatures ("Hà (web)"). */
  name: string;
  role: StaffRole;
  /** argon2id, PHC string. Never logged, never sent to a page. */
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}

export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{2,40}$/, 'a login is 2–40 letters (a–z), digits, dots, dashes or underscores');

export const displayNameSchema = z.string().trim().min(1, 'a name is needed').max(80, 'a name is at most 80 characters');

/** Long enough to resist guessing, short enough for argon2 to hash it without being a denial of service. */
export const passwordSchema = z.string().min(10, 'a password has at least 10 characters').max(200, 'a password has at most 200 characters');

/** admin: everything; editor: a staff member who also writes and reviews the knowledge base; staff: the queue. */
export const roleSchema = z.enum(['admin', 'editor', 'staff']);

/** Staff accounts on either store. */
export interface AccountStore {
  /** False when the login is taken. */
  create(account: StaffAccount): Promise<boolean>;
  get(login: string): Promise<StaffAccount | undefined>;
  /** Every account, by login. */
  list(): Promise<StaffAccount[]>;
  /** Changes the given fields of an existing account; false when there is none. */
  update(login: string, change: Partial<Pick<StaffAccount, 'name' | 'role' | 'passwordHash' | 'disabled'>>): Promise<boolean>;
}
