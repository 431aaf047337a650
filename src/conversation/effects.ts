import type { Topic } from '../knowledge/topics.js';

/** Things the engine asks the outside world to record; it performs no I/O itself. */
export type Effect = {
  type: 'searched';
  outcome: 'confident' | 'unsure' | 'none';
  topic: Topic | null;
  entryId: string | null;
};
