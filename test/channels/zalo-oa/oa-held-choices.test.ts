import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreSession } from '../../../src/conversation/session.js';
import { createTranslator } from '../../../src/i18n/create-translator.js';
import { TicketRelay } from '../../../src/relay/ticket-relay.js';
import { FakeZaloOa } from '../../support/fake-zalo-oa.js';
import { localesDir } from '../../support/fixtures.js';
import { startTestApp, type TestApp } from '../../support/start-test-app.js';
import { ticketDraft } from '../../support/ticket-draft.js';
import { waitFor } from '../../support/wait-for.js';
import { webClient } from '../../e2e/web-helpers.js';

/**
 * A staff answer held for a Zalo OA member outside the reply window goes when they write, after
 * their own turn's reply: its numbers must never pick something else than what they show.
 */
describe('numbered choices on Zalo OA: staff answers that waited for the member, and a confirmation mid-form', () => {
  const oa = new FakeZaloOa();
  let app: TestApp;
  let relay: TicketRelay;
  let answers = 0;

  beforeAll(async () => {
    app = await startTestApp(oa.env(await oa.start()));
    relay = new TicketRelay({ queue: app.queue, tickets: app.tickets, translator: createTranslator(localesDir), staffChat: false });
  });
  afterAll(async () => {
    await app?.close();
    await oa.stop();
  });

  /** A ticket of the member's and a staff answer to it, held (the member has not written within the window). */
  async function heldAnswer(user: string): Promise<{ code: string; answer: string }> {
    const memberId = `zalo-oa:${user}`;
    const ticket = await app.tickets.file(ticketDraft({ memberId, locale: 'vi' }));
    const answer = `Liên minh đã hẹn ngân hàng gặp HTX (trả lời ${++answers}).`;
    oa.closeWindow(user);
    for (const job of await relay.replyJobs(ticket, answer, `k${answers}`)) await app.queue.enqueue(job);
    await waitFor(async () => (await app.storage.zaloOa.held(memberId)).length > 0);
    return { code: ticket.code, answer };
  }

  /** The member writes; resolves with the texts the OA sent them since, once `until` is among them. */
  async function write(user: string, text: string, until?: (sent: string) => boolean): Promise<string[]> {
    const before = oa.sentTo(user).length;
    expect((await oa.post(app.baseUrl, oa.text(user, text))).status).toBe(200);
    if (until) await oa.waitFor(() => oa.sentTo(user).slice(before).some(until));
    return oa.sentTo(user).slice(before);
  }

  const session = async (user: string) => restoreSession(await app.storage.sessions.load(`zalo-oa:${user}`));

  it('goes without numbers after /forget asked "1. Có, xóa", and the confirmation keeps its numbers', async () => {
    const user = 'held-forget';
    const { code, answer } = await heldAnswer(user);
    const sent = await write(user, '/forget', (t) => t.includes(answer));
    const delivered = sent.find((t) => t.includes(answer))!;
    expect(delivered).not.toMatch(/^\d+\. /m);
    expect(delivered).toContain(`Gõ «trạng thái ${code}» để xem và trả lời`);
    expect((await session(user)).choices.map((c) => c.id)).toEqual(['forget:yes', 'menu']);
    // "2" is the "Không" the member saw numbered: nothing is erased.
    await write(user, '2', () => true);
    expect((await app.tickets.get(code))?.memberId).toBe(`zalo-oa:${user}`);
  });

  it('after the menu, "1" is the menu\'s first entry, not the waiting answer\'s "Trả lời" (numbers unseen are not live)', async () => {
    const user = 'held-menu';
    oa.memberWrote(user);
    await write(user, 'menu', (t) => /^1\. /m.test(t));
    const menuChoices = (await session(user)).choices;
    const { answer } = await heldAnswer(user);
    // Held: the member has not seen its numbers, so they do not stand for its choices meanwhile.
    expect((await session(user)).choices.some((c) => c.id.startsWith('followup:'))).toBe(false);
    const sent = await write(user, '1', (t) => t.includes(answer));
    expect(sent.join('\n')).not.toContain('bổ sung cho hồ sơ'); // the follow-up prompt of "Trả lời"
    expect(sent.find((t) => t.includes(answer))).not.toMatch(/^\d+\. /m);
    expect((await session(user)).choices.map((c) => c.id)).toEqual(menuChoices.map((c) => c.id));
  });

  it('goes without numbers while a form is open, saying so, and "1" still answers the form', async () => {
    const user = 'held-form';
    const { answer } = await heldAnswer(user);
    const sent = await write(user, 'bao kho khan', (t) => t.includes(answer));
    expect(sent.find((t) => t.includes(answer))).toContain('Bạn đang điền dở một hồ sơ');
    expect(sent.find((t) => t.includes(answer))).not.toMatch(/^\d+\. /m);
    await write(user, 'HTX Đồng Tâm', () => true);
    await write(user, '1', () => true); // the role question's first choice
    expect((await session(user)).form?.answers['role']).toBe('manager');
  });

  it('a rating request that waited goes without its numbers and without asking for one after /forget asked "1. Có, xóa"', async () => {
    const user = 'held-rating';
    const memberId = `zalo-oa:${user}`;
    const ticket = await app.tickets.file(ticketDraft({ memberId, locale: 'vi' }));
    oa.closeWindow(user);
    const reason = 'Ngân hàng đã duyệt khoản vay cho HTX.';
    expect((await app.tickets.close(ticket.code, { kind: 'staff', name: 'Lan' }, reason, (t) => relay.closedJobs(t, reason))).ok).toBe(true);
    await waitFor(async () => (await app.storage.zaloOa.held(memberId)).length > 0);
    const sent = await write(user, '/forget', (t) => t.includes(reason));
    const delivered = sent.find((t) => t.includes(reason))!;
    expect(delivered).not.toMatch(/^\d+\. /m);
    expect(delivered).not.toContain('Chọn từ 1');
    // A closed ticket is rated, not answered: the hint says so.
    expect(delivered).toContain(`Gõ «trạng thái ${ticket.code}» để xem và đánh giá`);
    // As it says: the ticket's status offers the rating, by number.
    const status = await write(user, `trạng thái ${ticket.code}`, (t) => t.includes('Chọn từ 1'));
    expect(status.join('\n')).toMatch(/^4\. ⭐⭐⭐⭐$/m);
    await write(user, '4', () => true);
    expect((await app.tickets.get(ticket.code))?.rating).toBe(4);
  });

  it('/unlink asked in the middle of a form is answered by its number', async () => {
    const user = 'mid-form-unlink';
    const web = webClient(app.baseUrl);
    const code = /(\d{6})/.exec((await write(user, '/link', (t) => /\d{6}/.test(t))).join('\n'))![1]!;
    expect((await web.chat({ text: code })).replies.map((r) => r.text).join('\n')).toContain('Đã liên kết');
    await write(user, 'bao kho khan', () => true);
    const asked = await write(user, '/unlink', (t) => /^1\. /m.test(t));
    expect(asked.join('\n')).toMatch(/^2\. Không$/m);
    await write(user, '1', () => true); // not the cooperative's name
    expect((await app.storage.links.links(`zalo-oa:${user}`)).memberId).toBeNull();
  });

  it('takes over the numbers when the member\'s turn showed none, so "2" opens the ticket', async () => {
    const user = 'held-sticker';
    const { code, answer } = await heldAnswer(user);
    const before = oa.sentTo(user).length;
    expect((await oa.post(app.baseUrl, oa.sticker(user))).status).toBe(200);
    await oa.waitFor(() => oa.sentTo(user).slice(before).some((t) => t.includes(answer)));
    const sent = oa.sentTo(user).slice(before);
    // The reply to the sticker does not lend the waiting answer's numbers before it is shown.
    expect(sent[0]).not.toContain('Trả lời / gửi thêm');
    expect(sent.find((t) => t.includes(answer))).toContain('1. ✍️ Trả lời / gửi thêm');
    const status = await write(user, '2', () => true);
    expect(status.join('\n')).toContain(code);
  });
});
