import { isHistory, type Entry } from './entry.js';
import { fold } from './normalize.js';
import type { SearchHit, SearchOutcome } from './search.js';

/** Words that ask about the rule as it was ("luật cũ", "trước đây", "old law"). */
const ASKS_FOR_THE_PAST = /\b(luat cu|quy dinh cu|chinh sach cu|nghi dinh cu|thong tu cu|che do cu|truoc day|hoi truoc|ngay truoc|old law|old rule|previous law|previously|used to)\b/;
/** A year the question is about: "năm 2024", "kỳ tính thuế 2024", "quyết toán 2024", "in 2024". */
const YEAR_ASKED = /\b(?:nam|ky tinh thue|ky thue|quyet toan(?: thue)?(?: nam)?|truoc nam|den nam|tu nam|in|for|year|tax year|before|until)\s+((?:19|20)\d{2})\b/g;

/**
 * How close behind the best entry a history entry must score to lead when its period is asked about,
 * unless it is the best entry's own predecessor (or related to it).
 */
const ASKED_SCORE_SHARE = 0.8;
/** Years that describe the member's figures ("doanh thu năm 2025"), not the period the question is about. */
const DESCRIBES_DATA = /\b(doanh thu|thu nhap|loi nhuan|thanh lap|san luong|lai)\s+$/;

/** The years a question names as the time it asks about (not a founding year, a revenue figure's year or a document number). */
export function yearsAsked(question: string): number[] {
  const folded = fold(question);
  return [...folded.matchAll(YEAR_ASKED)].filter((m) => !DESCRIBES_DATA.test(folded.slice(0, m.index))).map((m) => Number(m[1]));
}

/**
 * "82/2025/NĐ-CP" → "82 2025", so that "nghị định 82/2025" in a question finds it after folding; a
 * number without a year ("1804/QĐ-TTg") is found by its digits when it has at least three.
 */
function documentCore(number: string): string | undefined {
  const m = /^(\d+)\/(?:(\d{4})\b)?/.exec(number.trim());
  if (!m) return undefined;
  if (m[2]) return `${m[1]} ${m[2]}`;
  return m[1]!.length >= 3 ? m[1] : undefined;
}

/**
 * Does the question ask about the period of this (history) entry: a year inside it, words such as
 * "luật cũ", or the number of a document that no longer applies and that the entry rests on?
 */
export function namesPeriodOf(entry: Entry, question: string, successor?: Entry): boolean {
  const folded = fold(question);
  if (ASKS_FOR_THE_PAST.test(folded)) return true;
  const from = entry.period?.from ? Number(entry.period.from.slice(0, 4)) : -Infinity;
  const to = entry.period?.to ? Number(entry.period.to.slice(0, 4)) : Infinity;
  // "quyết toán năm 2025 … năm 2026 có phải nộp": the latest year named is the one asked about.
  const years = yearsAsked(question);
  if (years.length > 0 && Math.max(...years) >= from && Math.max(...years) <= to) return true;
  const current = new Set((successor?.sources ?? []).filter((s) => s.status === 'in-force').map((s) => documentCore(s.number)));
  return entry.sources.some((s) => {
    const core = documentCore(s.number);
    return core !== undefined && !current.has(core) && new RegExp(`\\b${core}\\b`).test(folded);
  });
}

/**
 * The rule in force leads. When the best entry is history and the question does not name its
 * period, the entry that superseded it (or the best entry still in force) is answered instead, and
 * history drops out of the choices. When the question does name the period of a history entry among
 * the best, that entry leads.
 */
export function inForceFirst(outcome: SearchOutcome, question: string, today: string, get: (id: string) => Entry | undefined): SearchOutcome {
  const hits = outcome.hits;
  const ended = (e: Entry) => isHistory(e, today);
  const successorOf = (e: Entry) => (e.supersededBy ? get(e.supersededBy) : undefined);
  const lead = hits[0];
  if (!lead) return outcome;
  // A history entry of the lead's subject (its predecessor, a related entry, or one scoring close
  // behind it) that the question asks about by its period.
  const closeTo = (h: SearchHit) =>
    h.entry.supersededBy === lead.entry.id ||
    h.entry.related.includes(lead.entry.id) ||
    lead.entry.related.includes(h.entry.id) ||
    (h.entry.topic === lead.entry.topic && h.score >= ASKED_SCORE_SHARE * lead.score);
  const asked = outcome.candidates.find((h) => ended(h.entry) && closeTo(h) && namesPeriodOf(h.entry, question, successorOf(h.entry)));
  if (asked) return { ...outcome, hits: [asked, ...hits.filter((h) => h.entry !== asked.entry)].slice(0, 3) };
  if (!hits.some((h) => ended(h.entry))) return outcome;
  const current = hits.filter((h) => !ended(h.entry));
  if (!ended(lead.entry)) return { ...outcome, hits: current };
  const successor = successorOf(lead.entry);
  const replacement: SearchHit | undefined =
    successor && !ended(successor) ? (current.find((h) => h.entry.id === successor.id) ?? { entry: successor, score: lead.score }) : current[0];
  // No rule in force to answer instead: the history entry itself says that its rule ended.
  if (!replacement) return outcome;
  return { ...outcome, hits: [replacement, ...current.filter((h) => h !== replacement)] };
}
