import type { PolicySearch, Ranking, SearchThresholds } from '../../src/knowledge/search.js';
import type { DevItem } from './devset.js';

export interface Calibration {
  thresholds: SearchThresholds;
  /** Share of in-scope questions answered outright. */
  answeredOutright: number;
  /** Share of outright answers on an entry that answers the question. */
  entryPrecision: number;
  /** Share of out-of-scope questions the bot declines. */
  rejected: number;
  /** In-scope questions whose best result is of the right topic (a rejected one counts as a miss). */
  top1: number;
}

const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

/**
 * Grid search over the thresholds on the dev set: the most questions answered outright with at least
 * `minPrecision` of those answers on an acceptable entry, `minRejected` of out-of-scope questions
 * declined and `minTop1` of in-scope questions on the right topic.
 */
export function calibrate(search: PolicySearch, devset: DevItem[], minPrecision = 0.98, minRejected = 0.95, minTop1 = 0.95): Calibration | undefined {
  const ranked: Array<{ d: DevItem; r: Ranking }> = devset.map((d) => ({ d, r: search.rank(d.q) }));
  let best: Calibration | undefined;
  for (const unsureCoverage of range(0.1, 0.5, 0.1))
    for (const confidentCoverage of range(0.3, 0.9, 0.05))
      for (const confidentMargin of [1.05, 1.1, 1.2, 1.3, 1.5, 2, 3])
        for (const sameTopicMargin of [1, 1.05, 1.1, 1.2, 1.3, 1.5, 2, 3])
          for (const agreeCoverage of range(0.2, 0.8, 0.05))
            for (const agreeMargin of [1, 1.02, 1.05, 1.1, 1.2])
          for (const offTopicRatio of [0.3, 0.4, 0.5]) {
            if (sameTopicMargin > confidentMargin || unsureCoverage > confidentCoverage || agreeCoverage > confidentCoverage) continue;
            const t: SearchThresholds = { confidentCoverage, confidentMargin, sameTopicMargin, agreeCoverage, agreeMargin, unsureCoverage, offTopicRatio };
            let inScope = 0, top1 = 0, oos = 0, rejected = 0, confident = 0, onEntry = 0;
            for (const { d, r } of ranked) {
              const kind = search.decide(r, t);
              if (d.topic === null) {
                oos++;
                if (kind === 'none') rejected++;
                continue;
              }
              inScope++;
              if (kind !== 'none' && r.hits[0]?.entry.topic === d.topic) top1++;
              if (kind === 'confident') (confident++, d.entries?.includes(r.hits[0]!.entry.id) && onEntry++);
            }
            const c: Calibration = { thresholds: t, answeredOutright: confident / inScope, entryPrecision: confident ? onEntry / confident : 1, rejected: rejected / oos, top1: top1 / inScope };
            if (c.entryPrecision < minPrecision || c.rejected < minRejected || c.top1 < minTop1) continue;
            if (!best || c.answeredOutright > best.answeredOutright + 1e-9 || (Math.abs(c.answeredOutright - best.answeredOutright) < 1e-9 && c.top1 > best.top1)) best = c;
          }
  return best;
}
