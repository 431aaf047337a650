import type { KnowledgePort } from '../conversation/ports.js';
import type { Entry } from './entry.js';
import { PolicySearch, type SearchThresholds } from './search.js';
import { TOPICS, type Topic } from './topics.js';

/** The knowledge base behind the core's KnowledgePort: entries by id and topic, and the search. */
export class KnowledgeBase implements KnowledgePort {
  readonly searcher: PolicySearch;
  private readonly topicEntries: Map<Topic, Entry[]>;

  constructor(readonly entries: readonly Entry[], thresholds?: SearchThresholds) {
    this.searcher = new PolicySearch(entries, thresholds);
    this.topicEntries = new Map(TOPICS.map((t) => [t, entries.filter((e) => e.topic === t)]));
  }

  search(question: string) {
    return this.searcher.search(question);
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
