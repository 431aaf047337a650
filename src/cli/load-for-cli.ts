import { defaultPaths } from '../app.js';
import { createTranslator } from '../i18n/create-translator.js';
import { loadKnowledgeBase } from '../knowledge/knowledge-base.js';
import { loadFlows } from '../flows/load-flows.js';
import type { Config } from '../config/config.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { openRedisStorage } from '../storage/redis/redis-storage.js';
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

/** The bot's config from the environment and its storage (DATA_DIR or REDIS_URL); a bad setting stops with one line. */
export async function openBotStorage(): Promise<{ config: Config; storage: Storage }> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  const storage = config.storage.kind === 'redis' ? await openRedisStorage(config.storage.url) : openSqliteStorage(config.storage.dataDir);
  return { config, storage };
}
