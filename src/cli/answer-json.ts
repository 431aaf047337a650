import type { KnowledgeBase } from '../knowledge/knowledge-base.js';

/** The machine-readable answer other tools rely on. */
export function answerJson(knowledge: KnowledgeBase, question: string, lang: 'vi' | 'en') {
  const outcome = knowledge.search(question);
  const top = outcome.hits[0]?.entry;
  const confident = outcome.kind === 'confident' && top !== undefined;
  return {
    topic: outcome.kind === 'none' || !top ? null : top.topic,
    confident,
    entryId: confident ? top.id : null,
    title: confident ? top.title[lang] : null,
    sources: confident ? top.sources : [],
    alternatives:
      outcome.kind === 'none'
        ? []
        : outcome.hits.slice(confident ? 1 : 0).map((h) => ({ entryId: h.entry.id, topic: h.entry.topic, title: h.entry.title[lang] })),
  };
}
