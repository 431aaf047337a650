import type { Topic } from '../knowledge/topics.js';

/** Things the engine asks the outside world to record; it performs no I/O itself. */
export type Effect =
  | {
      type: 'searched';
      outcome: 'confident' | 'unsure' | 'none';
      topic: Topic | null;
      entryId: string | null;
    }
  | {
      /** A question the bot could not answer outright, kept (masked) so staff can write the missing entry. */
      type: 'unanswered';
      question: string;
      outcome: 'unsure' | 'none';
      topic: Topic | null;
    }
  | {
      /** 👍/👎 on an answer, per entry and per question (masked). */
      type: 'feedback';
      entryId: string;
      helpful: boolean;
      question: string | null;
    };
