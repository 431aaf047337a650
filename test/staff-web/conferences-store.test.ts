import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Conference } from '../../src/conversation/forms/form-definition.js';
import { loadFlows } from '../../src/flows/load-flows.js';
import type { ConferenceStore } from '../../src/staff-web/conferences/conference-store.js';
import { createConference, editConference, nextOpenConferenceFrom, seedConferences } from '../../src/staff-web/conferences/conferences.js';
import { redisConferences } from '../../src/staff-web/conferences/redis-conferences.js';
import { sqliteConferences } from '../../src/staff-web/conferences/sqlite-conferences.js';
import { realFlowsDir } from '../support/fixtures.js';
import { redisStoreFixture } from '../support/redis-store.js';

/** What flows/conferences.yaml holds today: the seed. */
const fromYaml = loadFlows(realFlowsDir).conferences;

const conference = (id: string, date: string, deadline: string): Conference => ({
  id,
  name: { vi: `Hội nghị đối thoại ${id}`, en: `Dialogue conference ${id}` },
  date,
  place: { vi: 'Trung tâm Hội nghị tỉnh Bắc Ninh', en: 'Bắc Ninh Provincial Conference Centre' },
  deadline,
});
const form = (c: Conference) => ({ id: c.id, name: c.name, date: c.date, place: c.place, deadline: c.deadline });
const details = (c: Conference) => ({ name: c.name, date: c.date, place: c.place, deadline: c.deadline });

/** What every conference store does; run on SQLite and on a real Redis. */
function conferenceStoreContract(name: string, open: () => Promise<{ store: ConferenceStore; reset: () => Promise<void>; close: () => Promise<void> }>) {
  describe(`conferences on ${name}`, () => {
    let store: ConferenceStore;
    let reset: () => Promise<void>;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, reset, close } = await open());
    });
    beforeEach(async () => reset());
    afterAll(async () => close());

    it('starts from flows/conferences.yaml: the yaml\'s conferences, Vietnamese names intact', async () => {
      expect(fromYaml.length).toBeGreaterThan(0);
      expect(await seedConferences(store, fromYaml)).toEqual(fromYaml.map((c) => c.id));
      expect(await store.list()).toEqual([...fromYaml].sort((a, b) => a.date.localeCompare(b.date)));
      expect(await store.get(fromYaml[0]!.id)).toEqual(fromYaml[0]);
    });

    it('seeding again never overwrites what an admin edited, and adds only conferences new to the yaml', async () => {
      await seedConferences(store, fromYaml);
      const first = fromYaml[0]!;
      const edited = { ...details(first), place: { vi: 'Hội trường UBND tỉnh Bắc Ninh', en: 'Bắc Ninh People\'s Committee hall' }, deadline: first.date };
      expect((await editConference(store, first.id, edited)).ok).toBe(true);
      const later = conference('doi-thoai-2027', '2027-12-17', '2027-12-09');
      expect(await seedConferences(store, [...fromYaml, later])).toEqual(['doi-thoai-2027']);
      expect(await store.get(first.id)).toEqual({ id: first.id, ...edited });
      expect(await store.get('doi-thoai-2027')).toEqual(later);
    });

    it('an admin creates conferences; the list is by date whatever the order they were made in', async () => {
      const late = conference('doi-thoai-2028', '2028-12-15', '2028-12-01');
      const early = conference('doi-thoai-2027', '2027-06-20', '2027-06-10');
      expect(await createConference(store, form(late))).toEqual({ ok: true, value: late });
      expect(await createConference(store, form(early))).toEqual({ ok: true, value: early });
      expect((await store.list()).map((c) => c.id)).toEqual(['doi-thoai-2027', 'doi-thoai-2028']);
    });

    it('trims names and places and keeps them on one line', async () => {
      const r = await createConference(store, { ...form(conference('hn-2027', '2027-06-20', '2027-06-10')), name: { vi: '  Hội nghị\n đối thoại  ', en: 'Dialogue\tconference ' } });
      expect(r.ok && r.value.name).toEqual({ vi: 'Hội nghị đối thoại', en: 'Dialogue conference' });
    });

    it('refuses an id already taken, even by two admins at the same moment, and keeps the first', async () => {
      const a = conference('doi-thoai-2027', '2027-06-20', '2027-06-10');
      const b = { ...a, name: { vi: 'Tên khác', en: 'Another name' } };
      const results = await Promise.all([createConference(store, form(a)), createConference(store, form(b))]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.find((r) => !r.ok)).toEqual({ ok: false, problems: [{ field: 'id', problem: 'id-taken' }] });
      const kept = await store.get('doi-thoai-2027');
      expect([a, b]).toContainEqual(kept);
      expect(await createConference(store, form(a))).toEqual({ ok: false, problems: [{ field: 'id', problem: 'id-taken' }] });
      expect(await store.get('doi-thoai-2027')).toEqual(kept);
    });

    it('refuses a bad form field by field and stores nothing', async () => {
      const good = form(conference('doi-thoai-2027', '2027-06-20', '2027-06-10'));
      const refused = async (input: unknown) => {
        const r = await createConference(store, input);
        return r.ok ? [] : r.problems;
      };
      expect(await refused({ ...good, date: '20/06/2027' })).toEqual([{ field: 'date', problem: 'not-a-date' }]);
      expect(await refused({ ...good, date: '2027-02-30', deadline: '2027-02-01' })).toEqual([{ field: 'date', problem: 'not-a-date' }]);
      expect(await refused({ ...good, deadline: '2027-06-21' })).toEqual([{ field: 'deadline', problem: 'deadline-after-date' }]);
      expect(await refused({ ...good, name: { vi: '   ', en: 'Conference' } })).toEqual([{ field: 'name.vi', problem: 'required' }]);
      expect(await refused({ ...good, place: { vi: 'Bắc Ninh' } })).toEqual([{ field: 'place.en', problem: 'required' }]);
      expect(await refused({ ...good, name: { vi: 'H'.repeat(201), en: 'Conference' } })).toEqual([{ field: 'name.vi', problem: 'too-long' }]);
      expect(await refused({ ...good, id: 'Hội nghị 2027' })).toEqual([{ field: 'id', problem: 'bad-id' }]);
      expect(await refused({ ...good, id: 'a'.repeat(61) })).toEqual([{ field: 'id', problem: 'too-long' }]);
      expect(await refused(null)).toEqual([{ field: '', problem: 'required' }]);
      expect(await store.list()).toEqual([]);
      expect((await createConference(store, { ...good, name: { vi: 'H'.repeat(200), en: 'C' }, deadline: good.date })).ok).toBe(true);
    });

    it('an admin edits a conference: the change is kept, a bad edit is refused and changes nothing', async () => {
      const c = conference('doi-thoai-2027', '2027-06-20', '2027-06-10');
      await createConference(store, form(c));
      const moved = { ...details(c), date: '2027-07-02', deadline: '2027-06-25' };
      expect(await editConference(store, c.id, moved)).toEqual({ ok: true, value: { id: c.id, ...moved } });
      expect(await editConference(store, c.id, { ...moved, deadline: '2027-07-03' })).toEqual({ ok: false, problems: [{ field: 'deadline', problem: 'deadline-after-date' }] });
      expect(await store.get(c.id)).toEqual({ id: c.id, ...moved });
    });

    it('editing a conference that does not exist creates nothing', async () => {
      const c = conference('khong-co', '2027-06-20', '2027-06-10');
      expect(await editConference(store, c.id, details(c))).toEqual({ ok: false, problems: [{ field: 'id', problem: 'not-found' }] });
      expect(await store.get(c.id)).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('names the conference open for concerns as the bot does: earliest deadline not passed, open to 23:59 in Vietnam', async () => {
      await createConference(store, form(conference('hn-cuoi-nam', '2027-12-17', '2027-12-09')));
      await createConference(store, form(conference('hn-giua-nam', '2027-06-20', '2027-06-10')));
      const at = (iso: string) => nextOpenConferenceFrom(store, new Date(iso));
      expect((await at('2027-01-05T02:00:00Z'))?.id).toBe('hn-giua-nam');
      expect((await at('2027-06-10T16:30:00Z'))?.id).toBe('hn-giua-nam'); // 23:30 on 10/6 in Vietnam
      expect((await at('2027-06-10T17:30:00Z'))?.id).toBe('hn-cuoi-nam'); // 00:30 on 11/6 in Vietnam
      expect(await at('2027-12-10T01:00:00Z')).toBeUndefined();
      // An admin extends the mid-year deadline: concerns go to it again.
      const midYear = (await store.get('hn-giua-nam'))!;
      await editConference(store, midYear.id, { ...details(midYear), deadline: '2027-06-15' });
      expect((await at('2027-06-12T02:00:00Z'))?.id).toBe('hn-giua-nam');
    });
  });
}

let dir = '';
conferenceStoreContract('SQLite', async () => {
  dir = mkdtempSync(join(tmpdir(), 'htx-conferences-'));
  const db = new Database(join(dir, 'bot.db'));
  const store = sqliteConferences(db);
  return {
    store,
    reset: async () => void db.exec('DELETE FROM conferences'),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

conferenceStoreContract('Redis', () => redisStoreFixture(redisConferences));

describe('conferences in the embedded database', () => {
  it('are still there after a restart (another connection to the same file)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'htx-conferences-'));
    const db = new Database(join(folder, 'bot.db'));
    await seedConferences(sqliteConferences(db), fromYaml);
    db.close();
    const again = new Database(join(folder, 'bot.db'));
    expect(await sqliteConferences(again).list()).toEqual([...fromYaml].sort((a, b) => a.date.localeCompare(b.date)));
    again.close();
    rmSync(folder, { recursive: true, force: true });
  });
});
