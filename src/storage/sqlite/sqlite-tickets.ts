import type Database from 'better-sqlite3';
import { formatReference, ticketYear } from '../../tickets/reference-code.js';
import type { Ticket, TicketEvent } from '../../tickets/ticket.js';
import type { CreateOptions, TicketDraft, TicketStore } from '../../tickets/ticket-store.js';
import type { DeliveryJob } from '../../delivery/delivery-job.js';
import { outboxWriter } from '../../delivery/sqlite-outbox-table.js';
import { newTicket } from '../../tickets/new-ticket.js';

/** Tickets in SQLite: the ticket as JSON plus the columns it is looked up by. */
export function sqliteTickets(db: Database.Database): TicketStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS ticket_counters (kind TEXT NOT NULL, year INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (kind, year));
    CREATE TABLE IF NOT EXISTS tickets (
      code TEXT PRIMARY KEY,
      member_id TEXT,
      created_at TEXT NOT NULL,
      staff_chat INTEGER,
      staff_topic INTEGER,
      staff_message INTEGER,
      data TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS tickets_member ON tickets (member_id);
    CREATE INDEX IF NOT EXISTS tickets_topic ON tickets (staff_chat, staff_topic);
    CREATE INDEX IF NOT EXISTS tickets_message ON tickets (staff_chat, staff_message);
    CREATE TABLE IF NOT EXISTS ticket_events (id INTEGER PRIMARY KEY, code TEXT NOT NULL, data TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS ticket_events_code ON ticket_events (code);
    CREATE TABLE IF NOT EXISTS ticket_submissions (member_id TEXT NOT NULL, key TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (member_id, key));
  `);
  const writeJob = outboxWriter(db);
  const findSubmission = db.prepare<[string, string], { code: string }>('SELECT code FROM ticket_submissions WHERE member_id = ? AND key = ?');
  const addSubmission = db.prepare('INSERT INTO ticket_submissions (member_id, key, code) VALUES (?, ?, ?)');
  const nextSeq = db.prepare<[string, number], { seq: number }>(
    `INSERT INTO ticket_counters (kind, year, seq) VALUES (?, ?, 1)
     ON CONFLICT(kind, year) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  );
  const insert = db.prepare('INSERT INTO tickets (code, member_id, created_at, staff_chat, staff_topic, staff_message, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const save = db.prepare('UPDATE tickets SET member_id = ?, staff_chat = ?, staff_topic = ?, staff_message = ?, data = ? WHERE code = ?');
  const addEvent = db.prepare('INSERT INTO ticket_events (code, data) VALUES (?, ?)');
  const getOne = db.prepare<[string], { data: string }>('SELECT data FROM tickets WHERE code = ?');
  const ofMember = db.prepare<[string], { data: string }>('SELECT data FROM tickets WHERE member_id = ? ORDER BY created_at DESC, code DESC');
  const everything = db.prepare<[], { data: string }>('SELECT data FROM tickets ORDER BY created_at, code');
  const events = db.prepare<[string], { data: string }>('SELECT data FROM ticket_events WHERE code = ? ORDER BY id');
  const byTopic = db.prepare<[number, number], { data: string }>('SELECT data FROM tickets WHERE staff_chat = ? AND staff_topic = ?');
  const byMessage = db.prepare<[number, number], { data: string }>('SELECT data FROM tickets WHERE staff_chat = ? AND staff_message = ?');
  const eraseTexts = db.prepare(
    `UPDATE ticket_events SET data = json_set(data, '$.text', NULL) WHERE code = ? AND json_extract(data, '$.actor') = 'member'`,
  );
  const parse = (row: { data: string } | undefined) => (row ? (JSON.parse(row.data) as Ticket) : undefined);

  const create = db.transaction((draft: TicketDraft, at: Date, options: CreateOptions): Ticket => {
    const submission = options.submissionKey && draft.memberId ? { member: draft.memberId, key: options.submissionKey } : undefined;
    if (submission) {
      const earlier = findSubmission.get(submission.member, submission.key);
      if (earlier) return parse(getOne.get(earlier.code))!;
    }
    const { seq } = nextSeq.get(draft.kind, ticketYear(at))!;
    const ticket = newTicket(formatReference(draft.kind, ticketYear(at), seq), draft, at);
    insert.run(ticket.code, ticket.memberId, ticket.createdAt, null, null, null, JSON.stringify(ticket));
    addEvent.run(ticket.code, JSON.stringify({ code: ticket.code, at: ticket.createdAt, actor: 'member', type: 'created', text: null } satisfies TicketEvent));
    if (submission) addSubmission.run(submission.member, submission.key, ticket.code);
    for (const job of options.jobs?.(ticket) ?? []) writeJob(job);
    return ticket;
  });
  const update = db.transaction((ticket: Ticket, evs: TicketEvent[], jobs: DeliveryJob[]) => {
    const t = ticket.staffThread;
    save.run(ticket.memberId, t?.chatId ?? null, t?.topicId ?? null, t?.messageId ?? null, JSON.stringify(ticket), ticket.code);
    for (const e of evs) addEvent.run(e.code, JSON.stringify(e));
    for (const job of jobs) writeJob(job);
  });

  return {
    async create(draft, at, options = {}) {
      return create(draft, at, options);
    },
    async get(code) {
      return parse(getOne.get(code));
    },
    async update(ticket, evs, jobs = []) {
      update(ticket, evs, jobs);
    },
    async history(code) {
      return events.all(code).map((r) => JSON.parse(r.data) as TicketEvent);
    },
    async eraseMemberTexts(code) {
      eraseTexts.run(code);
    },
    async byMember(memberId) {
      return ofMember.all(memberId).map((r) => JSON.parse(r.data) as Ticket);
    },
    async all() {
      return everything.all().map((r) => JSON.parse(r.data) as Ticket);
    },
    async byStaffThread(chatId, ref) {
      if (ref.topicId !== undefined) {
        const found = parse(byTopic.get(chatId, ref.topicId));
        if (found) return found;
      }
      return ref.messageId !== undefined ? parse(byMessage.get(chatId, ref.messageId)) : undefined;
    },
  };
}
