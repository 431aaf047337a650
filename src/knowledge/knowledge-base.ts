import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { loadKnowledge } from './load-knowledge.js';
import { loadOutOfScope } from './out-of-scope.js';
import type { KnowledgePort } from '../conversation/ports.js';
import type { Entry } from './entry.js';
import type { OffTopicGroup } from './out-of-scope.js';
import { PolicySearch, type SearchOutcome, type SearchThresholds } from './search.js';
import { TOPICS, type Topic } from './topics.js';
import { inForceFirst } from './in-force.js';
import { vietnamDay } from '../time/vietnam-time.js';

/** The knowledge base behind the core's KnowledgePort: entries by id and topic, and the search. */
export class KnowledgeBase implements KnowledgePort {
  readonly searcher: PolicySearch;
  private readonly topicEntries: Map<Topic, Entry[]>;
  /**
   * Outcomes of questions asked before, by day and question: members ask the same few questions
   * over and over, and ranking one costs more than the rest of a turn. An outcome is never changed
   * by its readers; a new knowledge base starts with an empty cache.
   */
  private readonly recent = new LRUCache<string, SearchOutcome>({ max: 2_000 });

  constructor(readonly entries: readonly Entry[], offTopic: readonly OffTopicGroup[] = [], thresholds?: SearchThresholds) {
    this.searcher = new PolicySearch(entries, thresholds, offTopic);
    this.topicEntries = new Map(TOPICS.map((t) => [t, entries.filter((e) => e.topic === t)]));
  }

  /** The search's outcome with the rule in force on `now`'s day (Vietnam time) leading. */
  search(question: string, now: Date = new Date()): SearchOutcome {
    const day = vietnamDay(now).day;
    const key = `${day}\u0000${question}`;
    const known = this.recent.get(key);
    if (known) return known;
    const outcome = this.searchUncached(question, now);
    this.recent.set(key, outcome);
    return outcome;
  }

  /** The same outcome worked out afresh (the benchmark measures this: the cost of a question not asked before). */
  searchUncached(question: string, now: Date = new Date()): SearchOutcome {
    return inForceFirst(this.searcher.search(question), question, vietnamDay(now).day, (id) => this.get(id));
  }

  get(id: string): Entry | undefined {
    return this.searcher.get(id);
  }

  byTopic(topic: Topic): Entry[] {
    return this.topicEntries.get(topic) ?? [];
  }

  topics(): Topic[] {
    return TOPICS.filter((t) => (this.topicEntries.get(t)?.length ?? 0) > 0);
  }
}

/** Loads the knowledge base from a flows/ folder: knowledge/*.yaml and out-of-scope.yaml. */
export function loadKnowledgeBase(flowsDir: string): KnowledgeBase {
  return new KnowledgeBase(loadKnowledge(join(flowsDir, 'knowledge')), loadOutOfScope(join(flowsDir, 'out-of-scope.yaml')));
}
