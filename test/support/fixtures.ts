import { join } from 'node:path';
import type { EngineDeps } from '../../src/conversation/ports.js';
import { createTranslator } from '../../src/i18n/create-translator.js';
import { loadKnowledgeBase, type KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import Database from 'better-sqlite3';
import { loadFlows } from '../../src/flows/load-flows.js';
import { sqliteTickets } from '../../src/storage/sqlite/sqlite-tickets.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import { memberTickets } from '../../src/relay/member-tickets.js';

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

/** Engine deps on a fixture or real knowledge base, the real flows, in-memory tickets (`service` for staff-side checks) and a fixed clock (26/11/2026). */
export function engineDeps(knowledge: KnowledgeBase = fixtureKnowledge(), now = new Date('2026-11-26T03:00:00Z')): EngineDeps & { service: TicketService } {
  const service = new TicketService(sqliteTickets(new Database(':memory:')), () => now);
  return {
    knowledge,
    translator: createTranslator(localesDir),
    defaultLocale: 'vi',
    flows: loadFlows(realFlowsDir),
    tickets: memberTickets(service),
    service,
    now: () => now,
  };
}
