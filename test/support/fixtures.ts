import { join } from 'node:path';
import type { EngineDeps } from '../../src/conversation/ports.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledge-base.js';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const fixtureFlowsDir = join(repoRoot, 'test', 'fixtures', 'flows');
export const realFlowsDir = join(repoRoot, 'flows');
export const localesDir = join(repoRoot, 'locales');

let real: KnowledgeBase | undefined;
/** The real knowledge base in flows/ (loaded once per test file). */
export function realKnowledge(): KnowledgeBase {
  real ??= loadKnowledgeBase(realFlowsDir);
  return real;
}

export function fixtureKnowledge(): KnowledgeBase {
  return loadKnowledgeBase(fixtureFlowsDir);
}

export function engineDeps(knowledge = fixtureKnowledge()): EngineDeps {
  return { knowledge, translator: createTranslator(localesDir), defaultLocale: 'vi' };
}
