import { fold } from '../knowledge/normalize.js';
import type { Locale } from './session.js';

/** Words that only English sentences use (folded Vietnamese never yields them as whole words). */
const ENGLISH = new Set(
  'i you your the what how who when where why which is are was do does did can could would should will my me we our a an to of for with about this that there hello hi hey thanks thank please want need talk speak human person staff help tax loan cooperative coop support apply get much many any still'.split(' '),
);
/** Folded words that mark Vietnamese even without diacritics. */
const VIETNAMESE = new Set(
  'htx khong ko dc duoc vay von thue ho tro gi nao bao nhieu cho cua toi minh em anh o dau lam sao the nhu hop tac xa phai nop dat chao cam on xin ban la ai muon noi chuyen voi can bo nguoi thi co nay nhe a oi'.split(' '),
);

/**
 * The language a message is written in, when it is clear: Vietnamese when it has Vietnamese letters
 * or more Vietnamese than English words, English when it has more English words. A member who has
 * not chosen a language is answered in the language they wrote.
 */
export function messageLanguage(text: string): Locale | undefined {
  if (/[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i.test(text)) return 'vi';
  const words = fold(text).split(' ').filter(Boolean);
  const en = words.filter((w) => ENGLISH.has(w)).length;
  const vi = words.filter((w) => VIETNAMESE.has(w)).length;
  if (en > vi) return 'en';
  if (vi > en) return 'vi';
  return undefined;
}
