import { fold } from '../knowledge/normalize.js';
import type { Choice } from './reply.js';

/**
 * "2", "2.", "số 2" or the words of an offered choice ("tieng viet") pick that choice; channels
 * without buttons show choices as a numbered list and rely on this.
 */
export function matchOfferedChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  if (choices.length === 0) return undefined;
  const folded = fold(text);
  const number = /^(?:so |chon |#)?(\d{1,2})$/.exec(folded);
  if (number) return choices[Number(number[1]) - 1];
  return choices.find((c) => foldLabel(c.label) === folded);
}

/** Labels come from a small fixed set (menus, topics, titles): fold each once. */
const foldedLabels = new Map<string, string>();
function foldLabel(label: string): string {
  let folded = foldedLabels.get(label);
  if (folded === undefined) {
    if (foldedLabels.size > 5000) foldedLabels.clear();
    folded = fold(label);
    foldedLabels.set(label, folded);
  }
  return folded;
}

/** Commands typed as words, for channels without a command menu (Zalo): "menu", "huy", "tro giup"… */
const WORD_COMMANDS: Record<string, string> = {
  menu: 'menu',
  'bat dau': 'start',
  start: 'start',
  huy: 'cancel',
  'huy bo': 'cancel',
  cancel: 'cancel',
  'tro giup': 'help',
  'huong dan': 'help',
  help: 'help',
  'ngon ngu': 'language',
  language: 'language',
  'trang thai': 'status',
  'gui kien nghi': 'concern',
  'bao kho khan': 'difficulty',
  'du lieu cua toi': 'mydata',
  'xoa du lieu cua toi': 'forget',
  'ho so cua toi': 'status',
  status: 'status',
  'nhan tin': 'subscribe',
  'dang ky nhan tin': 'subscribe',
  'dung nhan tin': 'unsubscribe',
  'huy nhan tin': 'unsubscribe',
  'stop news': 'unsubscribe',
  'lien ket': 'link',
  'lien ket tai khoan': 'link',
  'ket noi tai khoan': 'link',
  link: 'link',
  'huy lien ket': 'unlink',
  'bo lien ket': 'unlink',
  'go lien ket': 'unlink',
  unlink: 'unlink',
  'tai khoan': 'account',
  'tai khoan cua toi': 'account',
  account: 'account',
  'ho so': 'profile',
  'ho so ca nhan': 'profile',
  'thong tin ca nhan': 'profile',
  'thong tin cua toi': 'profile',
  profile: 'profile',
};

export function matchWordCommand(text: string): string | undefined {
  return WORD_COMMANDS[fold(text)];
}
