import { describe, expect, it } from 'vitest';
import { useConsoleApp } from '../staff-web/console-app.js';
import { webClient, type ChatAnswer } from '../e2e/web-helpers.js';
import { ticketDraft } from '../support/ticket-draft.js';

type Client = ReturnType<typeof webClient>;
const text = (a: ChatAnswer) => a.replies.map((r) => r.text).join('\n\n');
const say = async (c: Client, t: string) => text(await c.chat({ text: t }));
const pick = async (c: Client, id: string) => text(await c.chat({ choice: id }));
const link = async (a: Client, b: Client) => {
  const code = /(\d{6})/.exec(await say(a, '/link'))![1]!;
  expect(await say(b, code)).toContain('Đã liên kết');
};

describe('unlinking and forgetting linked web chat conversations', () => {
  const ctx = useConsoleApp('sqlite', [['lan', 'Nguyễn Thị Lan', 'staff']]);

  it('/unlink asks first, then separates this conversation: each sees only its own tickets, and answers go back to where a ticket was filed', async () => {
    const [a, b] = [webClient(ctx.app.baseUrl), webClient(ctx.app.baseUrl)];
    const ticket = await ctx.app.tickets.file(ticketDraft({ memberId: `web:${a.clientId}` }));
    await link(a, b);
    expect(await say(b, '/status')).toContain(ticket.code);
    const account = await b.chat({ text: 'tai khoan' });
    expect(account.replies[0]!.choices!.map((c) => c.id)).toEqual(['link', 'unlink', 'profile', 'menu']);
    expect(await pick(b, 'unlink')).toContain('Hủy liên kết kênh này với: trò chuyện trên web?');
    expect((await ctx.app.storage.links.links(`web:${b.clientId}`)).memberId).not.toBeNull();
    expect(await pick(b, 'unlink:yes')).toContain('Đã hủy liên kết với: trò chuyện trên web');
    expect(await say(b, '/status')).toContain('Bạn chưa có hồ sơ nào');
    expect(await say(a, '/status')).toContain(ticket.code);
    // b wrote last, but is no longer a's: the staff answer from the console goes to a.
    await say(b, 'xin chao');
    const staff = await ctx.as('lan');
    const key = /name="key" value="([^"]+)"/.exec((await staff.get(`/staff/tickets/${ticket.code}`)).text)![1]!;
    expect((await staff.post(`/staff/tickets/${ticket.code}/reply`, { text: 'Liên minh đã nhận.', key })).status).toBe(303);
    await ctx.app.queue.drained(10_000);
    const answered = (inbox: Awaited<ReturnType<Client['inbox']>>) => inbox.some((m) => m.reply?.text.includes('Liên minh đã nhận.'));
    expect(answered(await a.inbox())).toBe(true);
    expect(answered(await b.inbox())).toBe(false);
  });

  it('/forget on one conversation erases the other\'s web chat history and session too', async () => {
    const [a, b] = [webClient(ctx.app.baseUrl), webClient(ctx.app.baseUrl)];
    await say(b, 'htx vay von uu dai o dau');
    await link(a, b);
    expect((await b.inbox()).length).toBeGreaterThan(0);
    await say(a, '/forget');
    expect(await pick(a, 'forget:yes')).toContain('Đã xóa dữ liệu cá nhân của bạn');
    expect(await b.inbox()).toEqual([]);
    expect(await ctx.app.storage.sessions.load(`web:${b.clientId}`)).toBeFalsy();
    expect((await ctx.app.storage.links.links(`web:${b.clientId}`)).memberId).toBeNull();
  });
});
