import type { Logger } from 'pino';
import type { Effect } from './conversation/effects.js';
import { memberPseudonym } from './privacy/pseudonym.js';
import type { InsightStore } from './storage/ports.js';

/**
 * Carries out what the engine asked to record, under the member's pseudonym. A failure is logged,
 * never shown to the member. Ticket effects are written by the ticket store with their deliveries.
 */
export function recordEffects(conversationId: string, effects: Effect[], insights: InsightStore, logger: Logger): void {
  const voter = memberPseudonym(conversationId);
  for (const e of effects) {
    let done: Promise<void>;
    switch (e.type) {
      case 'searched':
        logger.debug({ outcome: e.outcome, topic: e.topic, entryId: e.entryId }, 'policy search');
        continue;
      case 'unanswered':
        done = insights.recordUnanswered(e.question, e.outcome, e.topic, voter);
        break;
      case 'feedback':
        done = insights.recordFeedback(e.entryId, e.helpful, e.question, voter);
        break;
      case 'forget-member':
        done = insights.forgetVoter(voter);
        break;
      default:
        continue;
    }
    done.catch((error: unknown) => logger.error({ effect: e.type, err: error instanceof Error ? error.message : String(error) }, 'could not record'));
  }
}
