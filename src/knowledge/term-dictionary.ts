/**
 * Terms as numbers, shared by every index this process builds: an entry's terms are turned into
 * numbers once (and kept with the entry's other derived data), so building the index again after a
 * publish works on numbers only. It only grows; the terms of a few thousand entries are a few
 * hundred thousand strings.
 */
export class TermDictionary {
  private readonly ids = new Map<string, number>();

  /** The number of distinct terms seen so far (every id is below it). */
  get size(): number {
    return this.ids.size;
  }

  /** The term's id, given one now if it had none. */
  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) this.ids.set(term, (id = this.ids.size));
    return id;
  }

  /** The term's id, or undefined for a term no index has seen (a query word). */
  lookup(term: string): number | undefined {
    return this.ids.get(term);
  }

  /** The ids of these terms, in order. */
  encode(terms: readonly string[]): Int32Array {
    const out = new Int32Array(terms.length);
    for (let i = 0; i < terms.length; i++) out[i] = this.idOf(terms[i]!);
    return out;
  }
}

/** The process's dictionary. */
export const TERMS = new TermDictionary();
