/** A saved reply (canned answer): a short title staff pick it by, and the text put in the reply box. */
export interface SavedReply {
  id: string;
  title: string;
  text: string;
  /** ISO instant of the last change. */
  updatedAt: string;
}

/** Saved replies shared by every staff account. One port, a SQLite and a Redis adapter, one contract suite. */
export interface SavedReplyStore {
  /** Every saved reply, by title in Vietnamese alphabetical order. */
  list(): Promise<SavedReply[]>;
  get(id: string): Promise<SavedReply | undefined>;
  add(reply: SavedReply): Promise<void>;
  /** Replaces the saved reply with the same id; false, with nothing written, when there is none (deleted meanwhile). */
  replace(reply: SavedReply): Promise<boolean>;
  /** Deletes it; false when there was none. */
  remove(id: string): Promise<boolean>;
}

const byTitle = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** The order `list` gives: by title as a Vietnamese reader expects (Đ after D, "Mẫu 2" before "Mẫu 10"), then by id. */
export function inTitleOrder(replies: SavedReply[]): SavedReply[] {
  return replies.sort((a, b) => byTitle.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
