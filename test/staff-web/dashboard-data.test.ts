import { describe, expect, it } from 'vitest';
import { dashboardData, topicOfEntryId, type DashboardInput, type StoredQuestion } from '../../src/staff-web/dashboard/dashboard-data.js';
import { filterTickets } from '../../src/tickets/export/ticket-table.js';
import type { Ticket } from '../../src/tickets/ticket.js';

/** An instant written in Vietnam time ("2026-02-02 08:00"), as an ISO timestamp in UTC. */
const vn = (local: string): string => new Date(`${local.replace(' ', 'T')}+07:00`).toISOString();

let serial = 0;
/** A ticket with what the figures read; the rest is filler. */
function ticket(fields: Partial<Ticket> & Pick<Ticket, 'kind' | 'state' | 'createdAt'>): Ticket {
  return {
    code: `T-${++serial}`,
    memberId: 'telegram:1',
    locale: 'vi',
    topic: null,
    cooperative: null,
    role: null,
    commune: null,
    content: 'nội dung',
    phone: null,
    consentToContact: false,
    urgency: null,
    photos: [],
    conferenceId: null,
    assignee: null,
    rating: null,
    staffThread: null,
    updatedAt: fields.createdAt,
    firstAnsweredAt: null,
    closedAt: null,
    anonymised: false,
    memberWroteAgain: false,
    ...fields,
  } as Ticket;
}

/**
 * February 2026 at an Alliance, with a service level of 2 working days, seen on Monday 2 March
 * 10:00. 1 February is a Sunday (ISO week 2026-W05, from Monday 26 January); 28 February a
 * Saturday (2026-W09).
 */
const FEBRUARY: Ticket[] = [
  // Just outside the month on both sides, in Vietnam time (in UTC the first is already 31 January, the second still 28 February).
  ticket({ kind: 'concern', state: 'new', createdAt: vn('2026-01-31 23:59:59'), commune: 'Xã Tân Phú' }),
  ticket({ kind: 'concern', state: 'new', createdAt: vn('2026-03-01 00:00'), commune: 'Xã Tân Phú' }),
  // The month's first instant: answered within the hour, closed, rated 5.
  ticket({ kind: 'concern', state: 'closed', topic: 'credit', commune: 'Xã Tân Phú', createdAt: vn('2026-02-01 00:00'), firstAnsweredAt: vn('2026-02-01 01:00'), rating: 5 }),
  ticket({ kind: 'concern', state: 'closed', topic: 'credit', commune: 'Xã Tân Phú', createdAt: vn('2026-02-02 08:00'), firstAnsweredAt: vn('2026-02-02 10:00'), rating: 4 }),
  ticket({ kind: 'difficulty', state: 'answered', topic: 'land', commune: 'Xã Tân Phú', createdAt: vn('2026-02-03 08:00'), firstAnsweredAt: vn('2026-02-03 11:00') }),
  // Filed Monday 06:00 (still Sunday in UTC: week 2026-W07 all the same), answered Wednesday (52 hours, 2 working days): late.
  ticket({ kind: 'difficulty', state: 'answered', topic: 'land', commune: 'Phường Đông', createdAt: vn('2026-02-09 06:00'), firstAnsweredAt: vn('2026-02-11 10:00') }),
  // Filed Friday, answered Monday (71 hours, but 1 working day): in time.
  ticket({ kind: 'question', state: 'closed', topic: 'tax', commune: 'Phường Đông', createdAt: vn('2026-02-06 16:00'), firstAnsweredAt: vn('2026-02-09 15:00'), rating: 2 }),
  // Closed without an answer, then rated 3: neither answered nor overdue.
  ticket({ kind: 'concern', state: 'closed', topic: 'credit', commune: 'Xã Lam Cốt', createdAt: vn('2026-02-03 09:00'), rating: 3 }),
  // Waiting since Thursday 26/2: 2 working days on Monday 2/3, overdue.
  ticket({ kind: 'question', state: 'new', createdAt: vn('2026-02-26 09:00') }),
  // Waiting since Friday 27/2: 1 working day, not yet.
  ticket({ kind: 'difficulty', state: 'in-progress', topic: 'land', commune: 'Xã Ngọc Thiện', createdAt: vn('2026-02-27 09:00') }),
  // The month's last instant, a Saturday: not yet overdue either.
  ticket({ kind: 'difficulty', state: 'new', topic: 'land', commune: '  ', createdAt: vn('2026-02-28 23:59:59') }),
];

const QUESTIONS: StoredQuestion[] = [
  { kind: 'none', question: 'Vay vốn mua máy sấy?', at: vn('2026-02-10 08:00') },
  { kind: 'unsure', question: 'vay von mua may say', at: vn('2026-02-12 08:00') },
  { kind: 'none', question: 'VAY VỐN, mua máy sấy!!', at: vn('2026-02-20 08:00') },
  { kind: 'none', question: 'Thuế khoán là bao nhiêu', at: vn('2026-02-05 08:00') },
  { kind: 'unsure', question: 'thue khoan la bao nhieu', at: vn('2026-02-06 08:00') },
  { kind: 'none', question: 'đất bãi bồi', at: vn('2026-01-31 23:30') },
  { kind: 'none', question: 'Đất bãi bồi', at: vn('2026-02-28 23:30') },
  { kind: 'none', question: 'Đất bãi bồi', at: vn('2026-03-01 00:10') },
  // Answered, then voted 👎: not a question the bot could not answer.
  { kind: 'down', question: 'vay von mua may say', at: vn('2026-02-15 08:00') },
  { kind: 'none', question: '???', at: vn('2026-02-15 09:00') },
];

const february = (over: Partial<DashboardInput> = {}) =>
  dashboardData({
    tickets: FEBRUARY,
    feedback: [],
    unanswered: QUESTIONS,
    topicOfEntry: topicOfEntryId,
    // Any instant of the first and last days stands for the whole day.
    from: new Date(vn('2026-02-01 15:00')),
    to: new Date(vn('2026-02-28 03:00')),
    now: new Date(vn('2026-03-02 10:00')),
    serviceLevelDays: 2,
    ...over,
  });

describe('the dashboard figures for a range of days', () => {
  it('count the tickets created from the first day 00:00 to the last day 23:59:59 in Vietnam time, as the export does', () => {
    const data = february();
    expect(data.range).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(data.total).toBe(9);
    expect(filterTickets(FEBRUARY, { from: '2026-02-01', to: '2026-02-28' })).toHaveLength(data.total);
    expect(data.byKind).toEqual({ concern: 3, difficulty: 4, question: 2 });
    expect(data.byState).toEqual({ new: 2, 'in-progress': 1, answered: 2, closed: 4 });
    expect(data.openClosed).toEqual({ open: 5, closed: 4 });
  });

  it('give every ISO week that has a day in the range, empty ones included, counted by kind', () => {
    expect(february().weeks).toEqual([
      { week: '2026-W05', monday: '2026-01-26', byKind: { concern: 1, difficulty: 0, question: 0 }, total: 1 },
      { week: '2026-W06', monday: '2026-02-02', byKind: { concern: 2, difficulty: 1, question: 1 }, total: 4 },
      { week: '2026-W07', monday: '2026-02-09', byKind: { concern: 0, difficulty: 1, question: 0 }, total: 1 },
      { week: '2026-W08', monday: '2026-02-16', byKind: { concern: 0, difficulty: 0, question: 0 }, total: 0 },
      { week: '2026-W09', monday: '2026-02-23', byKind: { concern: 0, difficulty: 2, question: 1 }, total: 3 },
    ]);
  });

  it('put the first days of January in the ISO week of the year before when it has not ended', () => {
    // 2026 has 53 ISO weeks; Friday 1/1/2027 still belongs to 2026-W53, Monday 4/1/2027 starts 2027-W01.
    const data = dashboardData({
      ...baseInput(),
      tickets: [ticket({ kind: 'question', state: 'new', createdAt: vn('2027-01-01 00:30') }), ticket({ kind: 'concern', state: 'new', createdAt: vn('2027-01-04 07:00') })],
      from: new Date(vn('2026-12-31 12:00')),
      to: new Date(vn('2027-01-04 12:00')),
    });
    expect(data.weeks.map((w) => [w.week, w.monday, w.total])).toEqual([
      ['2026-W53', '2026-12-28', 1],
      ['2027-W01', '2027-01-04', 1],
    ]);
  });

  it('give topics and communes most first, blank communes apart', () => {
    const data = february();
    expect(data.byTopic).toEqual([
      { topic: 'land', count: 4 },
      { topic: 'credit', count: 3 },
      { topic: 'tax', count: 1 },
      { topic: null, count: 1 },
    ]);
    expect(data.byCommune).toEqual({
      top: [
        { commune: 'Xã Tân Phú', count: 3 },
        { commune: 'Phường Đông', count: 2 },
        { commune: 'Xã Lam Cốt', count: 1 },
        { commune: 'Xã Ngọc Thiện', count: 1 },
      ],
      others: { communes: 0, count: 0 },
      notGiven: 2,
    });
  });

  it('name the 15 communes with most tickets and add up the rest', () => {
    const day = vn('2026-02-10 09:00');
    const at = (commune: string | null) => ticket({ kind: 'difficulty', state: 'new', commune, createdAt: day });
    const ones = Array.from({ length: 15 }, (_, i) => at(`Xã ${String(i + 1).padStart(2, '0')}`));
    const data = dashboardData({ ...baseInput(), tickets: [...ones, at('Xã Tân Phú'), at('Phường Đông'), at('Xã Tân Phú'), at(null), at('Phường Đông'), at('Xã Tân Phú')] });
    expect(data.byCommune.top).toHaveLength(15);
    expect(data.byCommune.top.slice(0, 3)).toEqual([
      { commune: 'Xã Tân Phú', count: 3 },
      { commune: 'Phường Đông', count: 2 },
      { commune: 'Xã 01', count: 1 },
    ]);
    expect(data.byCommune.top.at(-1)).toEqual({ commune: 'Xã 13', count: 1 });
    expect(data.byCommune.others).toEqual({ communes: 2, count: 2 });
    expect(data.byCommune.notGiven).toBe(1);
  });

  it('measure the first answer in hours (median, 90th percentile) and count the service level breaches in working days', () => {
    const data = february();
    // Answered after 1, 2, 3, 52 and 71 hours: median 3; p90 at rank 0.9 × 4 = 3.6, 52 + 0.6 × (71 − 52) = 63.4.
    expect(data.firstResponse).toEqual({ answered: 5, notAnswered: 4, medianHours: 3, p90Hours: 63.4 });
    expect(data.serviceLevel).toEqual({ days: 2, answeredLate: 1, waitingOverdue: 1 });
  });

  it('judge each ticket by its own days: answered the day it came is in time, waiting since that day is overdue', () => {
    const tuesday = (time: string, answered: string | null) =>
      ticket({ kind: 'difficulty', state: answered ? 'answered' : 'new', createdAt: vn(`2026-02-03 ${time}`), firstAnsweredAt: answered && vn(`2026-02-03 ${answered}`) });
    const data = dashboardData({ ...baseInput(), tickets: [tuesday('08:00', '09:00'), tuesday('10:00', null)] });
    expect(data.serviceLevel).toEqual({ days: 2, answeredLate: 0, waitingOverdue: 1 });
  });

  it('count the ratings per star, with their average', () => {
    expect(february().ratings).toEqual({
      count: 4,
      average: 3.5,
      distribution: [
        { stars: 1, count: 0 },
        { stars: 2, count: 1 },
        { stars: 3, count: 1 },
        { stars: 4, count: 1 },
        { stars: 5, count: 1 },
      ],
    });
  });

  it('sum the 👍/👎 by the topic of the entry voted on, an entry of unknown topic apart', () => {
    const data = february({
      feedback: [
        { entryId: 'credit-vay-von-1', up: 3, down: 1 },
        { entryId: 'credit-lai-suat', up: 1, down: 2 },
        { entryId: 'land-thue-dat', up: 0, down: 1 },
        { entryId: 'young-labour-ho-tro', up: 2, down: 0 },
        { entryId: 'removed-entry', up: 1, down: 1 },
      ],
    });
    expect(data.feedback).toEqual({
      allTime: true,
      up: 7,
      down: 5,
      byTopic: [
        { topic: 'credit', up: 4, down: 3 },
        { topic: null, up: 1, down: 1 },
        { topic: 'land', up: 0, down: 1 },
        { topic: 'young-labour', up: 2, down: 0 },
      ],
    });
  });

  it('list the questions the bot could not answer in the range, the same question however it was typed', () => {
    expect(february().unansweredQuestions).toEqual({
      total: 6,
      distinct: 3,
      top: [
        { folded: 'vay von mua may say', text: 'VAY VỐN, mua máy sấy!!', count: 3 },
        { folded: 'thue khoan la bao nhieu', text: 'thue khoan la bao nhieu', count: 2 },
        { folded: 'dat bai boi', text: 'Đất bãi bồi', count: 1 },
      ],
      oldestRead: vn('2026-01-31 23:30'),
    });
  });

  it('list at most the 10 most asked questions', () => {
    const asked = Array.from({ length: 12 }, (_, i): StoredQuestion => ({ kind: 'none', question: `câu hỏi số ${i + 1}`, at: vn(`2026-02-${String(i + 10)} 08:00`) }));
    const data = february({ unanswered: [...asked, { kind: 'unsure', question: 'Câu hỏi số 1', at: vn('2026-02-25 08:00') }] });
    expect(data.unansweredQuestions.distinct).toBe(12);
    expect(data.unansweredQuestions.top).toHaveLength(10);
    expect(data.unansweredQuestions.top[0]).toEqual({ folded: 'cau hoi so 1', text: 'Câu hỏi số 1', count: 2 });
    // Equal counts: the most recently asked first.
    expect(data.unansweredQuestions.top[1]!.folded).toBe('cau hoi so 12');
  });

  it('refuse a range that ends before it starts', () => {
    expect(() => february({ from: new Date(vn('2026-03-01 00:00')), to: new Date(vn('2026-02-28 23:00')) })).toThrow(RangeError);
  });

  it('are plain JSON: what the page receives is what was computed', () => {
    const data = february();
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

function baseInput(): DashboardInput {
  return {
    tickets: [],
    feedback: [],
    unanswered: [],
    topicOfEntry: () => null,
    from: new Date(vn('2026-02-01 00:00')),
    to: new Date(vn('2026-02-28 00:00')),
    now: new Date(vn('2026-03-02 10:00')),
    serviceLevelDays: 2,
  };
}
