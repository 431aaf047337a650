import type { PolicySearch, Ranking, SearchThresholds } from '../../src/knowledge/search.js';
import type { DevItem } from './devset.js';

export interface Calibration {
  thresholds: SearchThresholds;
  top1: number;
  rejected: number;
  confidentPrecision: number;
  answeredOutright: number;
}

/**
 * Grid search over the thresholds on the dev set: the highest in-scope top-1 topic accuracy (a
 * rejected question counts as a miss) with at least `minRejected` of out-of-scope questions
 * rejected and at least `minPrecision` of outright answers on the right topic.
 */
export function calibrate(search: PolicySearch, devset: DevItem[], minRejected = 0.92, minPrecision = 0.97): Calibration | undefined {
  const ranked: Array<{ d: DevItem; r: Ranking }> = devset.map((d) => ({ d, r: search.rank(d.q) }));
  let best: Calibration | undefined;
  for (let unsure = 0.1; unsure <= 0.8; unsure += 0.025) {
    for (let conf = unsure; conf <= 0.95; conf += 0.025) {
      for (const margin of [1, 1.1, 1.2, 1.3, 1.5, 1.75, 2, 2.5]) for (const offTopicRatio of [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25]) {
        const t: SearchThresholds = { confidentCoverage: conf, confidentMargin: margin, unsureCoverage: unsure, offTopicRatio };
        let inScope = 0, top1 = 0, oos = 0, rejected = 0, confident = 0, confidentOk = 0;
        for (const { d, r } of ranked) {
          const kind = search.decide(r, t);
          if (d.topic === null) {
            oos++;
            if (kind === 'none') rejected++;
            continue;
          }
          inScope++;
          const ok = kind !== 'none' && r.hits[0]?.entry.topic === d.topic;
          if (ok) top1++;
          if (kind === 'confident') (confident++, ok && confidentOk++);
        }
        const c: Calibration = {
          thresholds: { confidentCoverage: round(conf), confidentMargin: margin, unsureCoverage: round(unsure), offTopicRatio },
          top1: top1 / inScope,
          rejected: rejected / oos,
          confidentPrecision: confident ? confidentOk / confident : 1,
          answeredOutright: confident / inScope,
        };
        if (c.rejected < minRejected || c.confidentPrecision < minPrecision) continue;
        if (!best || c.top1 > best.top1 + 1e-9 || (Math.abs(c.top1 - best.top1) < 1e-9 && c.answeredOutright > best.answeredOutright)) best = c;
      }
    }
  }
  return best;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
