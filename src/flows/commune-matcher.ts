import type { CommuneMatch } from '../conversation/forms/form-definition.js';
import { fold } from '../knowledge/normalize.js';

/** A commune-level unit: its official name and whether it is a commune (xã) or a ward (phường). */
export interface CommuneUnit {
  name: string;
  type: 'xa' | 'phuong';
}

/**
 * Matches a typed commune or ward ("xa tan yen", "P. Kinh Bắc") against the province's list and
 * answers with the full name, "Xã Tân Yên" or "Phường Kinh Bắc".
 */
export class CommuneMatcher {
  private readonly folded: Array<{ name: string; key: string }>;

  constructor(units: readonly CommuneUnit[]) {
    this.folded = units.map((u) => ({ name: `${u.type === 'xa' ? 'Xã' : 'Phường'} ${u.name}`, key: fold(u.name) }));
  }

  match(text: string): CommuneMatch {
    const key = fold(text)
      .replace(/^(xa|phuong|p|x|thi tran|tt)\s+/, '')
      .trim();
    if (!key) return { suggestions: [] };
    const exact = this.folded.filter((c) => c.key === key);
    if (exact.length === 1) return { exact: exact[0]!.name, suggestions: [] };
    const close = this.folded
      .map((c) => ({ c, d: c.key.includes(key) || key.includes(c.key) ? 0 : distance(c.key, key) }))
      .filter((x) => x.d <= Math.max(1, Math.floor(key.length / 5)))
      .sort((a, b) => a.d - b.d || a.c.name.localeCompare(b.c.name))
      .slice(0, 4)
      .map((x) => x.c.name);
    return { suggestions: close };
  }
}

/** Levenshtein distance, for typos ("tan yen" / "tam yen"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
