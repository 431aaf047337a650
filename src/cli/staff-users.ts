import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword } from '../staff-web/accounts/passwords.js';
import { displayNameSchema, loginSchema, passwordSchema, roleSchema, type AccountStore, type StaffRole } from '../staff-web/accounts/staff-account.js';
import type { ConsoleSessionStore } from '../staff-web/auth/console-sessions.js';
import { CliError } from './load-for-cli.js';

export const USER_USAGE = `user add LOGIN [--role admin|editor|staff] [--name "Full name"] | user list | user disable LOGIN | user enable LOGIN | user reset-password LOGIN
  add and reset-password read the password from standard input (one line; typed without echo on a terminal).`;

/** One `staff user …` command, checked before the storage is opened. */
export type UserCommand =
  | { action: 'add'; login: string; role: StaffRole; name: string }
  | { action: 'list' }
  | { action: 'disable' | 'enable' | 'reset-password'; login: string };

const firstError = (e: { issues: Array<{ message: string }> }) => e.issues[0]?.message ?? 'invalid';

function login(value: string | undefined): string {
  const parsed = loginSchema.safeParse(value ?? '');
  if (!parsed.success) throw new CliError(`A login is needed: ${firstError(parsed.error)}${value ? ` (got "${value}")` : ''}`, 2);
  return parsed.data;
}

/** Reads `user ACTION …`. */
export function parseUserArgs(args: string[]): UserCommand {
  const [action, ...rest] = args;
  switch (action) {
    case 'list':
      if (rest.length) throw new CliError(`"user list" takes no arguments (got "${rest[0]}")`, 2);
      return { action };
    case 'disable':
    case 'enable':
    case 'reset-password':
      if (rest.length !== 1) throw new CliError(`"user ${action}" takes one login`, 2);
      return { action, login: login(rest[0]) };
    case 'add': {
      const [who, ...options] = rest;
      let role: StaffRole = 'staff';
      let name: string | undefined;
      for (let i = 0; i < options.length; i += 2) {
        const [flag, value] = [options[i], options[i + 1]];
        if (value === undefined) throw new CliError(`"${flag}" needs a value`, 2);
        if (flag === '--role') {
          const r = roleSchema.safeParse(value);
          if (!r.success) throw new CliError(`--role is admin, editor or staff (got "${value}")`, 2);
          role = r.data;
        } else if (flag === '--name') {
          const n = displayNameSchema.safeParse(value);
          if (!n.success) throw new CliError(`--name: ${firstError(n.error)}`, 2);
          name = n.data;
        } else throw new CliError(`Unknown option "${flag}" for "user add" (--role, --name)`, 2);
      }
      const l = login(who);
      return { action: 'add', login: l, role, name: name ?? l };
    }
    default:
      throw new CliError(`"user" needs an action: add, list, disable, enable or reset-password${action ? ` (got "${action}")` : ''}`, 2);
  }
}

/** One line from standard input; on a terminal asked for, and typed without echo. */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  const terminal = Boolean(input.isTTY);
  if (terminal) process.stderr.write(prompt);
  // On a terminal, readline echoes what is typed to its output: a muted output hides the password.
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input, ...(terminal ? { output: muted, terminal: true } : { terminal: false }) });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
    if (terminal) process.stderr.write('\n');
  }
}

async function newPasswordHash(): Promise<string> {
  const password = passwordSchema.safeParse(await readPassword('Mật khẩu / Password: '));
  if (!password.success) throw new CliError(`Password refused: ${firstError(password.error)}`, 2);
  return hashPassword(password.data);
}

/** Runs the command; returns what to print. Passwords are read here, never from the command line. */
export async function runUserCommand(command: UserCommand, accounts: AccountStore, sessions: ConsoleSessionStore, now = new Date()): Promise<string> {
  switch (command.action) {
    case 'list': {
      const all = await accounts.list();
      if (all.length === 0) return 'No accounts yet: npm run staff -- user add LOGIN --role admin';
      return all.map((a) => `${a.login} · ${a.name} · ${a.role}${a.disabled ? ' · disabled' : ''}`).join('\n');
    }
    case 'add': {
      if (await accounts.get(command.login)) throw new CliError(`The login "${command.login}" is taken`, 1);
      const created = await accounts.create({ login: command.login, name: command.name, role: command.role, passwordHash: await newPasswordHash(), disabled: false, createdAt: now.toISOString() });
      if (!created) throw new CliError(`The login "${command.login}" is taken`, 1);
      return `Account ${command.login} (${command.role}) created: log in at /staff/login`;
    }
    case 'reset-password': {
      if (!(await accounts.get(command.login))) throw new CliError(`No account "${command.login}"`, 1);
      await accounts.update(command.login, { passwordHash: await newPasswordHash() });
      await sessions.deleteForLogin(command.login);
      return `Password of ${command.login} changed; its open sessions are ended`;
    }
    case 'disable':
    case 'enable': {
      const disabled = command.action === 'disable';
      if (!(await accounts.update(command.login, { disabled }))) throw new CliError(`No account "${command.login}"`, 1);
      if (disabled) await sessions.deleteForLogin(command.login);
      return disabled ? `Account ${command.login} disabled; its open sessions are ended` : `Account ${command.login} enabled`;
    }
  }
}
