import { ABBREVIATIONS, CHAT_SPELLINGS, STOPWORDS } from './vietnamese-lexicon.js';

/**
 * Folds Vietnamese text to plain lower-case ASCII syllables: NFC first, then đ/Đ and the look-alike
 * Ð (U+00D0) to d, then every diacritic removed. Old and new tone placement (hoà/hòa) fold alike.
 */
export function fold(text: string): string {
  // One message is folded by several readers in turn (commands, numbers, small talk, language, search).
  if (text === lastFolded.text) return lastFolded.folded;
  const folded = foldUncached(text);
  lastFolded = { text, folded };
  return folded;
}

let lastFolded = { text: '', folded: '' };

function foldUncached(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[đðĐÐ]/g, 'd')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const Y_AS_I = /^(b|d|h|k|l|m|n|r|s|t|v|x|ch|kh|nh|ph|th|tr)y$/;

/** kí/ký, lí/lý, mĩ/mỹ are spelled both ways: one spelling for both sides. */
export function unifyIY(syllable: string): string {
  return Y_AS_I.test(syllable) ? syllable.slice(0, -1) + 'i' : syllable;
}

/**
 * A light English stemmer (deferral/defer, payments/payment, graduated/graduate). Safe on folded
 * Vietnamese: no Vietnamese syllable ends in -s, -ed or -ing.
 */
export function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // graduate/graduated/graduates meet at "graduat" (no 5-letter Vietnamese syllable ends in -e).
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(stem: string): string {
  return /([bdfgmnprt])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

/** How a text is turned into terms: entries are indexed, member questions are queried. */
export interface NormalizeOptions {
  /** Expand chat spellings (ko, dc, ntn…): on for member questions, off for edited prose. */
  chat: boolean;
  /** Known folded words; telex/VNI remnants are repaired only into one of these. */
  vocabulary?: ReadonlySet<string>;
}

/** Folded syllables of `text` with abbreviations and chat spellings expanded and remnants repaired. */
export function syllables(text: string, options: NormalizeOptions): string[] {
  const out: string[] = [];
  for (const raw of fold(text).split(' ')) {
    if (!raw) continue;
    const expansion = (options.chat ? CHAT_SPELLINGS[raw] : undefined) ?? ABBREVIATIONS[raw];
    if (expansion !== undefined) {
      for (const part of expansion.split(' ')) out.push(unifyIY(part));
      continue;
    }
    const word = stemEnglish(unifyIY(raw));
    out.push(options.vocabulary && !options.vocabulary.has(word) ? repairRemnant(word, options.vocabulary) : word);
  }
  return out;
}

/**
 * Search terms: content syllables plus bigrams of adjacent syllables (they tell thuê đất from thuế
 * thu nhập after folding). A pair of two function words is left out; a pair with one is kept,
 * because folding makes function words of content syllables too (hội chợ → "hoi cho", cán bộ → "can bo").
 */
export function terms(text: string, options: NormalizeOptions): string[] {
  return termsOf(syllables(text, options));
}

export function termsOf(words: string[]): string[] {
  const out = words.filter((w) => !STOPWORDS.has(w));
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i]!;
    const b = words[i + 1]!;
    if (STOPWORDS.has(a) && STOPWORDS.has(b)) continue;
    out.push(`${a}_${b}`);
  }
  return out;
}

/**
 * Repairs a telex or VNI remnant ("voons", "vo16n", "thuees") when the repair is a known word;
 * otherwise returns the word unchanged.
 */
export function repairRemnant(word: string, vocabulary: ReadonlySet<string>): string {
  for (const candidate of remnantCandidates(word)) {
    const unified = unifyIY(candidate);
    if (unified !== word && vocabulary.has(unified)) return unified;
  }
  return word;
}

function remnantCandidates(word: string): string[] {
  const candidates: string[] = [];
  if (/[a-z]/.test(word) && /[1-9]/.test(word)) candidates.push(word.replace(/[0-9]/g, ''));
  const collapse = (w: string) =>
    w.replace(/aa/g, 'a').replace(/ee/g, 'e').replace(/oo/g, 'o').replace(/dd/g, 'd').replace(/([aou])w/g, '$1').replace(/w/g, 'u');
  const withoutTone = word.length >= 3 ? word.replace(/([a-z])[sfrxj]$/, '$1') : word;
  candidates.push(collapse(withoutTone), collapse(word), withoutTone);
  // A tone key typed before the final consonant: "vasn" → "van".
  candidates.push(collapse(word.replace(/([aeiouy])[sfrxj]([cmnpt]|ng|nh|ch)$/, '$1$2')));
  return candidates;
}
