import type { Topic } from '../knowledge/topics.js';

/** Things the engine asks the outside world to record; it performs no I/O itself. */
export type Effect =
  | {
      type: 'searched';
      outcome: 'confident' | 'unsure' | 'none';
      topic: Topic | null;
      entryId: string | null;
      /** The question was declined as outside what the Alliance covers. */
      outOfScope?: true;
    }
  | {
      /** A question the bot could not answer outright, kept (masked) so staff can write the missing entry. */
      type: 'unanswered';
      question: string;
      outcome: 'unsure' | 'none';
      topic: Topic | null;
    }
  | {
      /** A member filed a ticket: announce it in the staff chat. */
      type: 'ticket-filed';
      code: string;
    }
  | {
      /** A member wrote more on an open ticket: relay it to the ticket's thread in the staff chat. */
      type: 'member-follow-up';
      code: string;
      text: string | null;
      photo: string | null;
    }
  | {
      /** The member asked to be forgotten: their session and web inbox go too. */
      type: 'forget-member';
      /** The member's other linked conversations, forgotten too (their sessions, web inboxes, votes). */
      linked?: string[];
    }
  | {
      /** 👍/👎 on an answer, per entry and per question (masked). */
      type: 'feedback';
      entryId: string;
      helpful: boolean;
      question: string | null;
    };
