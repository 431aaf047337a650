import { describe, expect, it } from 'vitest';
import { webClient } from '../e2e/web-helpers.js';
import { useConsoleApp } from '../staff-web/console-app.js';
import { consoleClient } from '../staff-web/console-client.js';
import { ticketDraft } from '../support/ticket-draft.js';

describe('the member profile on the console ticket page', () => {
  const ctx = useConsoleApp('sqlite', [['lan', 'Nguyễn Thị Lan', 'staff']]);

  it('shows staff the profile of the ticket\'s member, with the consent time and the linked channels; not without a login', async () => {
    const [web, other] = [webClient(ctx.app.baseUrl), webClient(ctx.app.baseUrl)];
    for (const step of [{ text: '/profile' }, { choice: 'profile:consent' }, { choice: 'profile:edit:name' }, { text: 'Hoàng Văn Chiến' }, { choice: 'profile:edit:phone' }, { text: '0977 111 222' }]) await web.chat(step);
    const code = /(\d{6})/.exec((await web.chat({ text: '/link' })).replies[0]!.text)![1]!;
    await other.chat({ text: code });
    const ticket = await ctx.app.tickets.file(ticketDraft({ memberId: `web:${web.clientId}` }));
    const page = (await (await ctx.as('lan')).get(`/staff/tickets/${ticket.code}`)).text;
    expect(page).toContain('Hồ sơ thành viên');
    expect(page).toContain('Hoàng Văn Chiến');
    expect(page).toContain('<a href="tel:+84977111222">+84977111222</a>');
    expect(page).toMatch(/Thành viên đồng ý lưu từ \d{2}\/\d{2}\/\d{4}/);
    expect(page).toContain(`Kênh liên kết: web:${other.clientId}`);
    const anonymous = await consoleClient(ctx.app.baseUrl).get(`/staff/tickets/${ticket.code}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.text).not.toContain('Hoàng Văn Chiến');
  });

  it('shows nothing of a profile for a member who keeps none', async () => {
    const ticket = await ctx.app.tickets.file(ticketDraft());
    const page = (await (await ctx.as('lan')).get(`/staff/tickets/${ticket.code}`)).text;
    expect(page).not.toContain('Hồ sơ thành viên');
  });
});
