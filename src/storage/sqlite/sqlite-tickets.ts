import type Database from 'better-sqlite3';
import { formatReference, ticketYear } from '../../tickets/reference-code.js';
import type { Ticket, TicketEvent } from '../../tickets/ticket.js';
import type { CreateOptions, TicketDraft, TicketQuery, TicketStore } from '../../tickets/ticket-store.js';
import type { DeliveryJob } from '../../delivery/delivery-job.js';
import { outboxWriter } from '../../delivery/sqlite-outbox-table.js';
import { newTicket } from '../../tickets/new-ticket.js';
import { searchWords, ticketSearchText } from '../../tickets/ticket-search.js';

/** The columns the staff queue filters and sorts on, kept beside the JSON (added to older databases). */
const QUEUE_COLUMNS = ['kind', 'state', 'topic', 'commune', 'urgency', 'assignee', 'wrote_again', 'awaiting_answer', 'search'] as const;

/** A ticket's queue columns, in the order of {@link QUEUE_COLUMNS}. */
function queueColumns(t: Ticket): Array<string | number | null> {
  return [
    t.kind,
    t.state,
    t.topic,
    t.commune,
    t.urgency,
    t.assignee,
    t.memberWroteAgain ? 1 : 0,
    t.state !== 'closed' && t.firstAnsweredAt === null ? 1 : 0,
    ticketSearchText(t),
  ];
}

/** Stored tickets from before a field existed read with its default. */
function parseTicket(data: string): Ticket {
  const ticket = JSON.parse(data) as Ticket;
  ticket.memberWroteAgain ??= false;
  return ticket;
}

/** The WHERE clause of a queue query and its parameters (everything but the order and the page). */
function queueFilter(q: TicketQuery): { where: string; params: Array<string | number> } {
  const clauses: string[] = [];
  const params: Array<string | number> = [];
  if (q.states) {
    clauses.push(q.states.length ? `state IN (${q.states.map(() => '?').join(', ')})` : '0');
    params.push(...q.states);
  }
  for (const [column, value] of [['kind', q.kind], ['topic', q.topic], ['commune', q.commune], ['urgency', q.urgency]] as const) {
    if (value !== undefined) clauses.push(`${column} = ?`), params.push(value);
  }
  if (q.assignee === null) clauses.push('assignee IS NULL');
  else if (q.assignee !== undefined) clauses.push('assignee = ?'), params.push(q.assignee);
  if (q.memberWroteAgain) clauses.push('wrote_again = 1');
  // instr, not LIKE: the text is folded already, and a plain byte search is twice as fast.
  for (const word of searchWords(q.text)) clauses.push('instr(search, ?) > 0'), params.push(` ${word}`);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

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
    CREATE TABLE IF NOT EXISTS ticket_events (id INTEGER PRIMARY KEY, code TEXT NOT NULL, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS ticket_submissions (member_id TEXT NOT NULL, key TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (member_id, key));
  `);
  migrateQueueColumns(db);
  db.exec(`
    CREATE INDEX IF NOT EXISTS tickets_member ON tickets (member_id);
    CREATE INDEX IF NOT EXISTS tickets_topic ON tickets (staff_chat, staff_topic);
    CREATE INDEX IF NOT EXISTS tickets_message ON tickets (staff_chat, staff_message);
    CREATE INDEX IF NOT EXISTS ticket_events_code ON ticket_events (code);
    -- The staff queue: every filter column, the order and the search text, so a page (a search too)
    -- is read from the index alone, a fifth of the table's size.
    CREATE INDEX IF NOT EXISTS tickets_queue ON tickets (state, kind, topic, commune, urgency, assignee, wrote_again, awaiting_answer, created_at, code, search);
  `);
  const writeJob = outboxWriter(db);
  const findSubmission = db.prepare<[string, string], { code: string }>('SELECT code FROM ticket_submissions WHERE member_id = ? AND key = ?');
  const addSubmission = db.prepare('INSERT INTO ticket_submissions (member_id, key, code) VALUES (?, ?, ?)');
  const nextSeq = db.prepare<[string, number], { seq: number }>(
    `INSERT INTO ticket_counters (kind, year, seq) VALUES (?, ?, 1)
     ON CONFLICT(kind, year) DO UPDATE SET seq = seq + 1 RETURNING seq`,
  );
  const insert = db.prepare(
    `INSERT INTO tickets (code, member_id, created_at, staff_chat, staff_topic, staff_message, data, ${QUEUE_COLUMNS.join(', ')})
     VALUES (?, ?, ?, ?, ?, ?, ?, ${QUEUE_COLUMNS.map(() => '?').join(', ')})`,
  );
  const save = db.prepare(
    `UPDATE tickets SET member_id = ?, staff_chat = ?, staff_topic = ?, staff_message = ?, data = ?, ${QUEUE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE code = ?`,
  );
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
  const parse = (row: { data: string } | undefined) => (row ? parseTicket(row.data) : undefined);
  // One statement per combination of filters used, prepared once.
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
  const page = db.transaction((q: TicketQuery) => {
    const { where, params } = queueFilter(q);
    // The planner would scan the table for a query without a state; the index holds all it needs.
    const total = (prepared(`SELECT COUNT(*) AS n FROM tickets INDEXED BY tickets_queue ${where}`).get(...params) as { n: number }).n;
    const limit = Math.max(0, Math.floor(q.limit));
    const offset = Math.max(0, Math.floor(q.offset));
    if (limit === 0 || offset >= total) return { tickets: [], total };
    const overdueFirst = q.overdueBefore === undefined ? '' : '(awaiting_answer = 1 AND created_at < ?) DESC, ';
    const order = q.overdueBefore === undefined ? [] : [q.overdueBefore];
    const codes = prepared(`SELECT code FROM tickets INDEXED BY tickets_queue ${where} ORDER BY ${overdueFirst}created_at, code LIMIT ? OFFSET ?`)
      .pluck()
      .all(...params, ...order, limit, offset) as string[];
    return { tickets: codes.map((code) => parse(getOne.get(code))!), total };
  });

  const create = db.transaction((draft: TicketDraft, at: Date, options: CreateOptions): Ticket => {
    const submission = options.submissionKey && draft.memberId ? { member: draft.memberId, key: options.submissionKey } : undefined;
    if (submission) {
      const earlier = findSubmission.get(submission.member, submission.key);
      if (earlier) return parse(getOne.get(earlier.code))!;
    }
    const { seq } = nextSeq.get(draft.kind, ticketYear(at))!;
    const ticket = newTicket(formatReference(draft.kind, ticketYear(at), seq), draft, at);
    insert.run(ticket.code, ticket.memberId, ticket.createdAt, null, null, null, JSON.stringify(ticket), ...queueColumns(ticket));
    addEvent.run(ticket.code, JSON.stringify({ code: ticket.code, at: ticket.createdAt, actor: 'member', type: 'created', text: null } satisfies TicketEvent));
    if (submission) addSubmission.run(submission.member, submission.key, ticket.code);
    for (const job of options.jobs?.(ticket) ?? []) writeJob(job);
    return ticket;
  });
  const update = db.transaction((ticket: Ticket, evs: TicketEvent[], jobs: DeliveryJob[]) => {
    const t = ticket.staffThread;
    save.run(ticket.memberId, t?.chatId ?? null, t?.topicId ?? null, t?.messageId ?? null, JSON.stringify(ticket), ...queueColumns(ticket), ticket.code);
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
      return ofMember.all(memberId).map((r) => parseTicket(r.data));
    },
    async all() {
      return everything.all().map((r) => parseTicket(r.data));
    },
    async page(query) {
      return page(query);
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

/**
 * Databases from before the staff queue get its columns, filled from each ticket's JSON, once (the
 * columns exist afterwards, so a second start does nothing).
 */
function migrateQueueColumns(db: Database.Database): void {
  const existing = new Set(db.prepare<[], { name: string }>('PRAGMA table_info(tickets)').all().map((c) => c.name));
  const missing = QUEUE_COLUMNS.filter((c) => !existing.has(c));
  if (missing.length === 0) return;
  db.transaction(() => {
    for (const c of missing) db.exec(`ALTER TABLE tickets ADD COLUMN ${c} ${c === 'wrote_again' || c === 'awaiting_answer' ? 'INTEGER' : 'TEXT'}`);
    const fill = db.prepare(`UPDATE tickets SET ${QUEUE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE code = ?`);
    for (const row of db.prepare<[], { data: string }>('SELECT data FROM tickets').all()) {
      const ticket = parseTicket(row.data);
      fill.run(...queueColumns(ticket), ticket.code);
    }
  })();
}
