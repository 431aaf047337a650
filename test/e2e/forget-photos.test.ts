import { describe, expect, it } from 'vitest';
import { appOn } from '../support/start-test-app.js';
import { ticketDraft } from '../support/ticket-draft.js';
import { pngImage, webClient } from './web-helpers.js';

/** Decree 13/2023: a member's /forget erases the photos they sent, not only the links to them. */
describe.each(['sqlite', 'redis'] as const)('/forget and a member’s photos (%s)', (kind) => {
  const ctx = appOn(kind);

  it('erases the photos filed with the member’s tickets and those only uploaded, and keeps other members’ photos', async () => {
    const app = ctx.app;
    const member = webClient(app.baseUrl);
    const upload = async (client: ReturnType<typeof webClient>, rgb: [number, number, number]) => ((await (await client.upload(pngImage(16, 12, rgb))).json()) as { photo: string }).photo;
    const filed = await upload(member, [200, 10, 10]);
    const onlyUploaded = await upload(member, [10, 200, 10]);
    const other = webClient(app.baseUrl);
    const othersPhoto = await upload(other, [10, 10, 200]);
    const ticket = await app.tickets.file(ticketDraft({ memberId: `web:${member.clientId}`, photos: [`photo:${filed}`] }));

    await member.chat({ text: '/forget' });
    const done = await member.chat({ choice: 'forget:yes' });
    expect(done.replies[0]!.text).toMatch(/xóa|xoá/i);

    expect(await app.storage.photos.load(filed)).toBeUndefined();
    expect(await app.storage.photos.load(onlyUploaded)).toBeUndefined();
    expect((await app.tickets.get(ticket.code))!.photos).toEqual([]);
    expect(await app.storage.photos.load(othersPhoto)).toEqual({ data: pngImage(16, 12, [10, 10, 200]), type: 'image/png' });
  });
});
