import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redisSavedReplies } from '../../src/staff-web/saved-replies/redis-saved-replies.js';
import { createSavedReply, editSavedReply } from '../../src/staff-web/saved-replies/saved-replies.js';
import type { SavedReplyStore } from '../../src/staff-web/saved-replies/saved-reply-store.js';
import { sqliteSavedReplies } from '../../src/staff-web/saved-replies/sqlite-saved-replies.js';
import { redisStoreFixture } from '../support/redis-store.js';

const monday = new Date('2026-11-30T02:00:00Z');
const tuesday = new Date('2026-12-01T02:00:00Z');
const loanAnswer = 'Chào anh/chị,\nHTX có thể vay tại Quỹ hỗ trợ phát triển HTX tỉnh với lãi suất ưu đãi.\nLiên minh HTX tỉnh sẽ gọi lại để hướng dẫn hồ sơ.';

/** What every saved-reply store does; run on SQLite and on a real Redis. */
function savedReplyContract(name: string, open: () => Promise<{ store: SavedReplyStore; reset: () => Promise<void>; close: () => Promise<void> }>) {
  describe(`saved replies on ${name}`, () => {
    let store: SavedReplyStore;
    let reset: () => Promise<void>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, reset, close } = await open());
    });
    beforeEach(async () => reset());
    afterAll(async () => close());

    it('keeps a saved reply as staff wrote it, line breaks and Vietnamese intact', async () => {
      const r = await createSavedReply(store, { title: ' Vay vốn  Quỹ hỗ trợ ', text: `${loanAnswer}\n` }, monday);
      expect(r.ok).toBe(true);
      const saved = r.ok ? r.value : undefined;
      expect(saved).toMatchObject({ title: 'Vay vốn Quỹ hỗ trợ', text: loanAnswer, updatedAt: monday.toISOString() });
      expect(await store.list()).toEqual([saved]);
      expect(await store.get(saved!.id)).toEqual(saved);
    });

    it('lists saved replies by title as a Vietnamese reader expects', async () => {
      for (const title of ['Mẫu 10', 'Đất đai', 'Thuế', 'Mẫu 2', 'Dịch vụ', 'ảnh chưa rõ']) await createSavedReply(store, { title, text: 'Nội dung' }, monday);
      expect((await store.list()).map((r) => r.title)).toEqual(['ảnh chưa rõ', 'Dịch vụ', 'Đất đai', 'Mẫu 2', 'Mẫu 10', 'Thuế']);
    });

    it('refuses an empty or over-long title or text and saves nothing', async () => {
      const problems = async (input: unknown) => {
        const r = await createSavedReply(store, input, monday);
        return r.ok ? [] : r.problems;
      };
      expect(await problems({ title: '  ', text: 'Nội dung' })).toEqual([{ field: 'title', problem: 'required' }]);
      expect(await problems({ title: 'Tiêu đề', text: '\n ' })).toEqual([{ field: 'text', problem: 'required' }]);
      expect(await problems({ title: 'T'.repeat(81), text: 'Nội dung' })).toEqual([{ field: 'title', problem: 'too-long' }]);
      expect(await problems({ title: 'Tiêu đề', text: 'x'.repeat(2001) })).toEqual([{ field: 'text', problem: 'too-long' }]);
      expect(await problems({ title: 'Tiêu đề' })).toEqual([{ field: 'text', problem: 'required' }]);
      expect(await store.list()).toEqual([]);
      expect((await createSavedReply(store, { title: 'T'.repeat(80), text: 'x'.repeat(2000) }, monday)).ok).toBe(true);
    });

    it('staff edit a saved reply: the new title and text replace the old, a bad edit changes nothing', async () => {
      const created = await createSavedReply(store, { title: 'Vay vốn', text: 'Bản cũ' }, monday);
      const id = created.ok ? created.value.id : '';
      expect(await editSavedReply(store, id, { title: 'Vay vốn ưu đãi', text: loanAnswer }, tuesday)).toEqual({
        ok: true,
        value: { id, title: 'Vay vốn ưu đãi', text: loanAnswer, updatedAt: tuesday.toISOString() },
      });
      expect(await editSavedReply(store, id, { title: '', text: 'x' }, tuesday)).toEqual({ ok: false, problems: [{ field: 'title', problem: 'required' }] });
      expect(await store.list()).toEqual([{ id, title: 'Vay vốn ưu đãi', text: loanAnswer, updatedAt: tuesday.toISOString() }]);
    });

    it('staff delete a saved reply; an edit sent after the delete does not bring it back', async () => {
      const keep = await createSavedReply(store, { title: 'Giữ lại', text: 'a' }, monday);
      const gone = await createSavedReply(store, { title: 'Xoá đi', text: 'b' }, monday);
      const goneId = gone.ok ? gone.value.id : '';
      expect(await store.remove(goneId)).toBe(true);
      expect(await store.remove(goneId)).toBe(false);
      expect(await editSavedReply(store, goneId, { title: 'Xoá đi', text: 'sửa' }, tuesday)).toEqual({ ok: false, problems: [{ field: 'id', problem: 'not-found' }] });
      expect(await store.get(goneId)).toBeUndefined();
      expect(await store.list()).toEqual([keep.ok && keep.value]);
    });
  });
}

savedReplyContract('SQLite', async () => {
  const db = new Database(':memory:');
  return { store: sqliteSavedReplies(db), reset: async () => void db.exec('DELETE FROM saved_replies'), close: async () => void db.close() };
});

savedReplyContract('Redis', () => redisStoreFixture(redisSavedReplies));
