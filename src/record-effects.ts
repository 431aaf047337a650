import type { Logger } from 'pino';
import type { Effect } from './conversation/effects.js';
import type { InsightStore } from './storage/ports.js';

/** Carries out what the engine asked to record. A failure is logged, never shown to the member. */
export function recordEffects(effects: Effect[], insights: InsightStore, logger: Logger): void {
  for (const e of effects) {
    let done: Promise<void>;
    switch (e.type) {
      case 'searched':
        logger.debug({ outcome: e.outcome, topic: e.topic, entryId: e.entryId }, 'policy search');
        continue;
      case 'unanswered':
        done = insights.recordUnanswered(e.question, e.outcome, e.topic);
        break;
      case 'feedback':
        done = insights.recordFeedback(e.entryId, e.helpful, e.question);
        break;
      default:
        continue; // ticket effects are carried out by the ticket relay
    }
    done.catch((error: unknown) => logger.error({ effect: e.type, err: error instanceof Error ? error.message : String(error) }, 'could not record'));
  }
}
