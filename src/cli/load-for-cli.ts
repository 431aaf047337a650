import { defaultPaths } from '../app.js';
import { createTranslator } from '../i18n/create-translator.js';
import { loadKnowledgeBase } from '../knowledge/knowledge-base.js';
import { loadFlows } from '../flows/load-flows.js';

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
