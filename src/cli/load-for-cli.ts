import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { defaultPaths } from '../app.js';
import { createTranslator } from '../i18n/create-translator.js';
import { loadKnowledgeBase } from '../knowledge/knowledge-base.js';
import { loadFlows } from '../flows/load-flows.js';
import type { Config } from '../config/config.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { redisStorage } from '../storage/redis/redis-storage.js';
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/ports.js';

/** The knowledge base and translator from the repository's flows/ and locales/. */
export function loadContent() {
  const paths = defaultPaths();
  return {
    knowledge: loadKnowledgeBase(paths.flowsDir),
    flows: loadFlows(paths.flowsDir),
    translator: createTranslator(paths.localesDir),
  };
}

/** Prints one line to stderr and exits: CLI errors never go to stdout. */
export function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/**
 * An error a CLI reports as it is: one line on stderr, nothing on stdout, and the exit code
 * (2: the command line is wrong; 1: the command was refused or could not be done).
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** The first line of an error's message, for a one-line report without a stack. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown error';
}

/** What a CLI run in-process reads and writes instead of the process's own (tests run it so). */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Runs a CLI's main function: any error it throws is printed as exactly one line on stderr (a
 * CliError as it is, anything else as "<context>: <first line of the message>", never a stack)
 * and the process exits non-zero.
 */
export async function runCli(context: string, main: () => Promise<void>): Promise<void> {
  const code = await runCliCommand(context, main);
  if (code !== 0) process.exit(code);
}

/** {@link runCli} without ending the process: the error line goes to `stderr` and the exit code is returned. */
export async function runCliCommand(context: string, main: () => Promise<void>, stderr: NodeJS.WritableStream = process.stderr): Promise<0 | 1 | 2> {
  try {
    await main();
    return 0;
  } catch (error) {
    stderr.write(`${error instanceof CliError ? error.message : `${context}: ${oneLine(error)}`}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** The file `openSqliteStorage` opens in DATA_DIR (src/storage/sqlite/sqlite-storage.ts). */
const SQLITE_FILE = 'bot.db';

/** Options for opening the bot's storage from a CLI. */
export interface OpenBotStorageOptions {
  /**
   * Create the SQLite database when DATA_DIR holds none. Without it a DATA_DIR without `bot.db`
   * is refused: a mistyped DATA_DIR would otherwise show an empty, newly created database.
   */
  init?: boolean;
  /** What to tell the user to do about a DATA_DIR without a database (end of the refusal line). */
  missingDatabaseHint?: string;
}

/**
 * The bot's config from the environment and its storage (DATA_DIR or REDIS_URL). A bad setting,
 * a DATA_DIR without a database (unless `init`), a database that cannot be opened and an
 * unreachable Redis each stop the process with one line on stderr and exit code 1.
 */
export async function openBotStorage(options: OpenBotStorageOptions = {}): Promise<{ config: Config; storage: Storage }> {
  try {
    return await openCliStorage(options, process.env);
  } catch (error) {
    if (error instanceof CliError) fail(error.message, error.exitCode);
    throw error;
  }
}

/** {@link openBotStorage} with the settings read from `env`, each refusal thrown as a CliError (for {@link runCliCommand}). */
export async function openCliStorage(options: OpenBotStorageOptions, env: CliIo['env']): Promise<{ config: Config; storage: Storage }> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 1);
    throw error;
  }
  const storage = config.storage.kind === 'redis' ? await openRedisForCli(config.storage.url) : openSqliteForCli(config.storage.dataDir, options);
  return { config, storage };
}

function openSqliteForCli(dataDir: string, { init = false, missingDatabaseHint = 'check DATA_DIR (the bot creates its database on its first start)' }: OpenBotStorageOptions): Storage {
  const where = resolve(dataDir);
  const file = join(where, SQLITE_FILE);
  if (!init) {
    const kind = fileKind(file);
    if (kind === 'missing') throw new CliError(`No database in DATA_DIR ${where} (no ${SQLITE_FILE} there): ${missingDatabaseHint}`);
    if (kind !== 'file') throw new CliError(`No database in DATA_DIR ${where} (${SQLITE_FILE} there is not a file): check DATA_DIR`);
  }
  try {
    return openSqliteStorage(dataDir);
  } catch (error) {
    throw new CliError(`Cannot open the database ${file}: ${oneLine(error)}`);
  }
}

function fileKind(path: string): 'missing' | 'file' | 'other' {
  try {
    return statSync(path).isFile() ? 'file' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * Redis for a one-shot command: one connection attempt (no reconnecting in the background), a
 * 5-second connect timeout, and errors kept for the refusal line instead of ioredis printing them
 * with a stack. Same storage as `openRedisStorage` once connected.
 */
async function openRedisForCli(url: string): Promise<Storage> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableAutoPipelining: true, connectTimeout: 5_000, retryStrategy: () => null });
  let lastError: unknown;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // The URL may carry a password: only its host is shown.
    throw new CliError(`Redis at ${redisHost(url)} is unreachable (${oneLine(lastError ?? error)}): check REDIS_URL and that Redis is running`);
  }
  return redisStorage(redis);
}

function redisHost(url: string): string {
  try {
    return new URL(url).host || 'REDIS_URL';
  } catch {
    return 'REDIS_URL';
  }
}
