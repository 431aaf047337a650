import { describe, expect, it } from 'vitest';
import { useConsoleApp } from '../staff-web/console-app.js';
import { waitFor } from '../support/wait-for.js';

const consent = { commune: null, locale: 'vi' as const, consentAt: '2026-11-30T03:00:00.000Z' };

describe.each(['sqlite', 'redis'] as const)('announcements in the staff console, on %s', (store) => {
  // Sweeping every 200 ms (5 s in production): a sending announcement is closed as soon as it is done.
  const c = useConsoleApp(
    store,
    [
      ['admin', 'Nguyễn Văn An', 'admin'],
      ['lan', 'Nguyễn Thị Lan', 'staff'],
    ],
    { announcementSweepMs: 200 },
  );

  it('lets an admin count the recipients, send now, follow the progress to the end, and schedule then cancel; staff may not', async () => {
    for (const [id, topics] of [['web:m1', ['credit']], ['web:m2', ['credit', 'tax']], ['web:m3', ['tax']]] as const) {
      await c.app.storage.subscriptions.save({ memberId: id, topics: [...topics], ...consent });
    }
    const lan = await c.as('lan');
    expect((await lan.get('/staff/announcements')).status).toBe(403);

    const admin = await c.as('admin');
    const page = await admin.get('/staff/announcements');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Soạn thông báo');
    expect(page.text).toContain('hx-get="/staff/announcements/rows" hx-trigger="every 2s"');
    expect((await admin.post('/staff/announcements/count', { audience: 'topic', topic: 'credit' })).text).toContain('2 người nhận');
    expect((await admin.post('/staff/announcements/count', { audience: 'all' })).text).toContain('3 người nhận');

    const refused = await admin.post('/staff/announcements', { text: 'Tập huấn', audience: 'commune', commune: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Hãy chọn người nhận');
    expect(refused.text).toContain('>Tập huấn</textarea>');

    const sent = await admin.post('/staff/announcements', { text: 'Quỹ hỗ trợ HTX mở đợt vay mới', audience: 'topic', topic: 'credit', when: 'now', link: 'https://lmhtx.example.vn/vay' });
    expect(sent).toMatchObject({ status: 303, location: '/staff/announcements?done=created' });
    const rows = await waitFor(async () => {
      const r = await admin.get('/staff/announcements/rows');
      return r.text.includes('Đã gửi xong') && r.text;
    }, 20_000);
    expect(rows).toContain('2 / 0 / 0 trên 2');
    expect((await c.app.storage.webInbox.recent('m1', 5)).length).toBe(1);
    expect(await c.app.storage.webInbox.recent('m3', 5)).toEqual([]);

    await admin.get('/staff/announcements');
    const later = await admin.post('/staff/announcements', { text: 'Hội nghị đối thoại năm 2027', audience: 'all', when: 'at', at: '2099-01-02T08:00' });
    expect(later.status).toBe(303);
    const listed = await admin.get('/staff/announcements');
    expect(listed.text).toContain('Đã hẹn giờ');
    expect(listed.text).toContain('02/01/2099 08:00');
    const id = /action="\/staff\/announcements\/(\d+)\/cancel"/.exec(listed.text)![1]!;
    expect((await admin.post(`/staff/announcements/${id}/cancel`)).location).toBe('/staff/announcements?done=cancelled');
    expect((await c.app.announcements.progress(id))?.announcement.status).toBe('cancelled');
    await admin.get('/staff/announcements');
    expect((await admin.post(`/staff/announcements/${id}/cancel`)).status).toBe(409);
  }, 30_000);
});
