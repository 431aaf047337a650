import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { nodeArgs } from '../support/prebuilt.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { waitFor } from '../support/wait-for.js';

type Reply = { text: string; choices?: Array<{ id: string; label: string }> };

describe('member in the web chat → staff CLI → member', () => {
  let app: TestApp;
  const clientId = randomUUID();
  const headers = { 'x-client-id': clientId };
  const chat = async (body: Record<string, string>): Promise<Reply[]> => {
    const res = await fetch(`${app.baseUrl}/api/chat`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ messageId: randomUUID(), ...body }) });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { replies: Reply[]; lastId: number };
    lastTurnId = answer.lastId;
    return answer.replies;
  };
  type Entry = { id: number; from: 'member' | 'bot'; text?: string; reply?: Reply };
  /** The inbox holds the whole conversation now; staff answers are the bot entries after the member's last turn. */
  let lastTurnId = 0;
  const all = async (after = 0) => ((await (await fetch(`${app.baseUrl}/api/chat/inbox?after=${after}`, { headers })).json()) as { messages: Entry[] }).messages;
  const inbox = async () => (await all(lastTurnId)).filter((m) => m.from === 'bot') as Array<{ id: number; reply: Reply }>;
  const staff = (...args: string[]) =>
    spawnSync(process.execPath, [...nodeArgs('cli/staff'), ...args], {
      encoding: 'utf8',
      cwd: repoRoot,
      timeout: 30_000,
      env: { ...process.env, DATA_DIR: app.dataDir, STAFF_NAME: 'Hà' },
    });
  const waitForInbox = (count: number) =>
    waitFor(async () => {
      const messages = await inbox();
      return messages.length >= count && messages;
    });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('files a difficulty from the web chat', async () => {
    await chat({ choice: 'form:start:difficulty' });
    await chat({ text: 'HTX Rau an toàn Yên Dũng' });
    await chat({ text: '2' });
    await chat({ text: 'Tân Yên' });
    await chat({ choice: 'form:opt:market' });
    await chat({ text: 'Thương lái ép giá rau, HTX cần tìm đầu ra ổn định' });
    await chat({ text: '1' });
    await chat({ choice: 'form:skip' });
    await chat({ choice: 'form:skip' });
    await chat({ text: 'không' });
    const filed = await chat({ choice: 'form:confirm' });
    expect(filed[0]!.text).toContain('KK-2026-0001');
  });

  it('the staff CLI lists it, answers it, and the answer reaches the web chat', async () => {
    const list = staff('list');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('KK-2026-0001');
    const reply = staff('reply', 'KK-2026-0001', 'Liên minh sẽ giới thiệu HTX với siêu thị trong tỉnh.');
    expect(reply.status).toBe(0);
    const [message] = await waitForInbox(1);
    expect(message!.reply.text).toContain('💬 Liên minh HTX tỉnh trả lời hồ sơ KK-2026-0001');
    expect(message!.reply.text).toContain('siêu thị');
  });

  it('a note stays internal; closing asks the member to rate, and the rating is kept', async () => {
    expect(staff('note', 'KK-2026-0001', 'Đã gọi cho siêu thị X').status).toBe(0);
    expect(staff('close', 'KK-2026-0001', 'Đã kết nối siêu thị').status).toBe(0);
    const messages = await waitForInbox(2);
    expect(messages.map((m) => m.reply.text).join('\n')).not.toContain('siêu thị X');
    const rating = messages[1]!.reply;
    expect(rating.text).toContain('Đã kết nối siêu thị');
    expect(rating.choices!.map((c) => c.id)).toContain('rate:KK-2026-0001:5');
    // Without buttons, the number works too: the rating choices were offered to the session.
    const thanks = await chat({ text: '5' });
    expect(thanks[0]!.text).toContain('Cảm ơn bạn đã đánh giá');
    const show = staff('show', 'KK-2026-0001');
    expect(show.stdout).toContain('Hà · Ghi chú nội bộ');
    expect(show.stdout).toContain('Đã gọi cho siêu thị X');
    expect((await app.tickets.get('KK-2026-0001'))!.rating).toBe(5);
  });

  it('exports the tickets for the report', async () => {
    const out = join(app.dataDir, 'kk.csv');
    const result = staff('export', '--kind', 'difficulty', '--format', 'csv', '--out', out);
    expect(result.status).toBe(0);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(out);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('HTX Rau an toàn Yên Dũng');
  });

  it('rejects a staff action without a code, with the usage on stderr', () => {
    const bad = staff('reply', 'nonsense', 'x');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('a ticket code like KK-2026-0012 is needed');
  });

  it('/mydata shows what is kept; /forget erases it after a confirmation, the ticket stays anonymised', async () => {
    const data = await chat({ text: '/mydata' });
    expect(data[0]!.text).toContain('KK-2026-0001');
    expect(data[0]!.text).toContain('Thương lái ép giá rau');
    const ask = await chat({ text: '/forget' });
    expect(ask[0]!.text).toContain('không hoàn tác được');
    const done = await chat({ choice: 'forget:yes' });
    expect(done[0]!.text).toContain('1 hồ sơ đã được ẩn danh');
    // The browser's conversation is erased with the rest: only the confirmation is left.
    expect((await all()).map((m) => m.reply?.text)).toEqual([done[0]!.text]);
    const t = await app.tickets.get('KK-2026-0001');
    expect(t).toMatchObject({ memberId: null, cooperative: null, content: '', anonymised: true, commune: 'Xã Tân Yên', rating: 5 });
    const again = await chat({ text: '/mydata' });
    expect(again[0]!.text).not.toContain('KK-2026-0001');
  });
});
