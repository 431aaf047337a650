import type { StaffThread, Ticket, TicketEvent, TicketEventType, TicketState } from './ticket.js';
import type { Topic } from '../knowledge/topics.js';
import type { DeliveryJob } from '../delivery/delivery-job.js';
import type { CreateOptions, TicketDraft, TicketStore } from './ticket-store.js';

/** The deliveries a change causes, built from the changed ticket and written with it. */
export type Consequences = (ticket: Ticket) => DeliveryJob[] | Promise<DeliveryJob[]>;

/** Who acts: a member (by conversation id), a staff member (by name), or the system. */
export type Actor = { kind: 'member'; memberId: string } | { kind: 'staff'; name: string } | { kind: 'system' };

export type ActionResult = { ok: true; ticket: Ticket } | { ok: false; reason: 'not-found' | 'closed' | 'not-closed' | 'invalid' | 'not-concern' };

const actorName = (a: Actor) => (a.kind === 'member' ? 'member' : a.kind === 'staff' ? `staff:${a.name}` : 'system');

/**
 * The ticket actions, each recorded as an event in the ticket's history (who, when, what). Staff
 * permission is checked by the caller (the staff chat or the staff CLI); members only ever reach
 * their own tickets.
 */
export class TicketService {
  constructor(
    private readonly store: TicketStore,
    private readonly now: () => Date = () => new Date(),
    /** Called after a change wrote deliveries to the outbox (the queue looks at once). */
    private readonly jobsWritten: () => void = () => undefined,
    /** Told of each ticket closed (metrics). */
    private readonly closed: (kind: Ticket['kind']) => void = () => undefined,
  ) {}

  /** Files a ticket once per submission, with the deliveries its filing causes. */
  async file(draft: TicketDraft, options: CreateOptions = {}): Promise<Ticket> {
    const ticket = await this.store.create(draft, this.now(), options);
    if (options.jobs) this.jobsWritten();
    return ticket;
  }

  /** Any ticket by code (staff). */
  get(code: string): Promise<Ticket | undefined> {
    return this.store.get(code);
  }

  history(code: string): Promise<TicketEvent[]> {
    return this.store.history(code);
  }

  /** A member's own ticket; another member's code answers exactly like a code that does not exist. */
  async ofMember(memberId: string, code: string): Promise<Ticket | undefined> {
    const t = await this.store.get(code);
    return t && t.memberId === memberId ? t : undefined;
  }

  listOfMember(memberId: string): Promise<Ticket[]> {
    return this.store.byMember(memberId);
  }

  all(): Promise<Ticket[]> {
    return this.store.all();
  }

  byStaffThread(chatId: number, ref: { topicId?: number; messageId?: number }): Promise<Ticket | undefined> {
    return this.store.byStaffThread(chatId, ref);
  }

  /** A member writes more on their open ticket (flagged until staff answer); `then` posts it where staff work, in the same write. */
  async memberMessage(code: string, memberId: string, text: string, then?: Consequences): Promise<ActionResult> {
    const t = await this.ofMember(memberId, code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.state === 'closed') return { ok: false, reason: 'closed' };
    return this.change(t, { kind: 'member', memberId }, 'member-message', text, { memberWroteAgain: true }, then);
  }

  /** Staff answer the member: the ticket is answered, and `then` relays the answer in the same write. */
  async staffReply(code: string, staff: Actor, text: string, then?: Consequences): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    return this.answer(t, staff, 'staff-reply', text, then);
  }

  /**
   * Staff record the answer given to a concern at the dialogue conference: it goes in the history
   * (the agenda shows it), the concern is answered, and `then` sends it to the member in the same
   * write. Only a concern has a conference.
   */
  async conferenceAnswer(code: string, staff: Actor, text: string, then?: Consequences): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.kind !== 'concern') return { ok: false, reason: 'not-concern' };
    return this.answer(t, staff, 'conference-answer', text, then);
  }

  /** An internal note: kept in the history, never sent to the member. */
  async note(code: string, staff: Actor, text: string): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    return this.change(t, staff, 'note', text, {});
  }

  async take(code: string, staff: Actor): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.state === 'closed') return { ok: false, reason: 'closed' };
    const state: TicketState = t.state === 'new' ? 'in-progress' : t.state;
    return this.change(t, staff, 'taken', null, { state, assignee: staff.kind === 'staff' ? staff.name : t.assignee });
  }

  /** Gives an open ticket to a staff account (by its name), which then handles it. */
  async assign(code: string, staff: Actor, assignee: string): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.state === 'closed') return { ok: false, reason: 'closed' };
    if (assignee.trim() === '') return { ok: false, reason: 'invalid' };
    const state: TicketState = t.state === 'new' ? 'in-progress' : t.state;
    return this.change(t, staff, 'assigned', assignee, { state, assignee });
  }

  /** Files the ticket under another topic (open or closed: the statistics follow it); the same topic again changes nothing. */
  async changeTopic(code: string, staff: Actor, topic: Topic): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.topic === topic) return { ok: true, ticket: t };
    return this.change(t, staff, 'topic-changed', topic, { topic });
  }

  /** Closes the ticket; `then` tells the member the outcome in the same write. */
  async close(code: string, staff: Actor, reason: string | null, then?: Consequences): Promise<ActionResult> {
    const t = await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.state === 'closed') return { ok: false, reason: 'closed' };
    const result = await this.change(t, staff, 'closed', reason, { state: 'closed', closedAt: this.now().toISOString() }, then);
    if (result.ok) this.closed(t.kind);
    return result;
  }

  /** Reopens a closed ticket (staff, or the member who filed it); `then` tells the other side, in the same write. */
  async reopen(code: string, actor: Actor, then?: Consequences): Promise<ActionResult> {
    const t = actor.kind === 'member' ? await this.ofMember(actor.memberId, code) : await this.store.get(code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (t.state !== 'closed') return { ok: false, reason: 'not-closed' };
    return this.change(t, actor, 'reopened', null, { state: 'in-progress', closedAt: null, rating: null }, then);
  }

  /** The member rates a closed ticket from 1 to 5. */
  async rate(code: string, memberId: string, rating: number): Promise<ActionResult> {
    const t = await this.ofMember(memberId, code);
    if (!t) return { ok: false, reason: 'not-found' };
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ok: false, reason: 'invalid' };
    if (t.state !== 'closed') return { ok: false, reason: 'not-closed' };
    return this.change(t, { kind: 'member', memberId }, 'rated', String(rating), { rating });
  }

  /** Remembers where the ticket lives in the staff chat. */
  async setStaffThread(code: string, thread: StaffThread): Promise<void> {
    const t = await this.store.get(code);
    if (t) await this.store.update({ ...t, staffThread: thread }, []);
  }

  /** Records a delivery that gave up after its last retry. */
  async deliveryFailed(code: string, what: string): Promise<void> {
    const t = await this.store.get(code);
    if (t) await this.change(t, { kind: 'system' }, 'delivery-failed', what, {});
  }

  /**
   * Erases a member's personal data from their tickets (/forget): who filed it, phone, cooperative,
   * content and photos. The tickets stay, anonymised, for the statistics. `erasePhoto` erases a
   * stored photo (`photo:<id>`) first, so a crash midway leaves a ticket pointing at nothing rather
   * than a photo nobody can find any more (the member's next /forget finishes the work).
   */
  async anonymiseMember(memberId: string, erasePhoto?: (id: string) => Promise<void>): Promise<number> {
    const tickets = await this.store.byMember(memberId);
    for (const t of tickets) {
      for (const ref of t.photos) if (ref.startsWith('photo:')) await erasePhoto?.(ref.slice('photo:'.length));
      await this.store.eraseMemberTexts(t.code);
      await this.change(t, { kind: 'system' }, 'anonymised', null, {
        memberId: null,
        phone: null,
        cooperative: null,
        content: '',
        photos: [],
        consentToContact: false,
        anonymised: true,
      });
    }
    return tickets.length;
  }

  /** An answer to the member (by staff, or given at the conference): the ticket is answered, first-answer time kept. */
  private async answer(t: Ticket, staff: Actor, type: 'staff-reply' | 'conference-answer', text: string, then?: Consequences): Promise<ActionResult> {
    if (t.state === 'closed') return { ok: false, reason: 'closed' };
    const at = this.now().toISOString();
    return this.change(t, staff, type, text, { state: 'answered', firstAnsweredAt: t.firstAnsweredAt ?? at, memberWroteAgain: false }, then);
  }

  private async change(t: Ticket, actor: Actor, type: TicketEventType, text: string | null, patch: Partial<Ticket>, then?: Consequences): Promise<ActionResult> {
    const at = this.now().toISOString();
    const ticket: Ticket = { ...t, ...patch, updatedAt: at };
    const jobs = (await then?.(ticket)) ?? [];
    await this.store.update(ticket, [{ code: t.code, at, actor: actorName(actor), type, text }], jobs);
    if (jobs.length > 0) this.jobsWritten();
    return { ok: true, ticket };
  }
}
