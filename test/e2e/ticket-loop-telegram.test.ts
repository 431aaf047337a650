import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, type RecordedCall } from '../support/fake-telegram.js';
import { startTestApp, type TestApp } from '../support/start-test-app.js';
import { startRedis, type RedisProcess } from '../support/redis-server.js';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const buttons = (call: RecordedCall) => ((call.body['reply_markup'] as Keyboard | undefined)?.inline_keyboard ?? []).flat();

describe.each(['sqlite', 'redis'] as const)('member → Alliance staff chat → member, on Telegram (%s)', (storageKind) => {
  const telegram = new FakeTelegram();
  let redis: RedisProcess | undefined;
  const staff = telegram.staffGroup.id;
  const member = 7100;
  let app: TestApp;
  const sentTo = (chatId: number) => telegram.calls.filter((c) => (c.method === 'sendMessage' || c.method === 'sendPhoto') && Number(c.body['chat_id']) === chatId);
  /** Waits for the n-th message (1-based) to a chat and returns it. */
  const nth = (chatId: number, n: number) => telegram.waitFor(() => sentTo(chatId)[n - 1]);
  /**
   * The first message of a reply, once the whole reply has come: a reply may be several messages,
   * paced apart (on Redis the bot's sends are spread through the shared limit).
   */
  const replyFrom = async (chatId: number, n: number) => {
    const first = await nth(chatId, n);
    for (let seen = -1; seen !== sentTo(chatId).length; ) {
      seen = sentTo(chatId).length;
      await new Promise((r) => setTimeout(r, 120));
    }
    return first;
  };
  const press = async (chatId: number, label: string) => {
    const last = [...sentTo(chatId)].reverse().find((c) => buttons(c).some((b) => b.text === label));
    if (!last) throw new Error(`no button "${label}"`);
    const count = sentTo(chatId).length;
    telegram.buttonPress(chatId, last, buttons(last).find((b) => b.text === label)!.callback_data);
    return replyFrom(chatId, count + 1);
  };
  const say = async (chatId: number, text: string) => {
    const count = sentTo(chatId).length;
    telegram.textMessage(chatId, text);
    return replyFrom(chatId, count + 1);
  };

  beforeAll(async () => {
    const apiRoot = await telegram.start();
    if (storageKind === 'redis') redis = await startRedis();
    app = await startTestApp({
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_STAFF_CHAT_ID: String(staff),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    });
  });
  afterAll(async () => {
    await app?.close();
    await telegram.stop();
    await redis?.stop();
  });

  it('files a difficulty with a photo, and the staff chat gets a topic with the details and the photo', async () => {
    await say(member, '/start');
    await press(member, '🆘 Báo khó khăn, vướng mắc');
    await say(member, 'HTX Vải thiều Thanh Hà');
    await press(member, 'Quản lý HTX');
    await say(member, 'xa tan yen');
    await press(member, 'Tín dụng, vay vốn');
    await say(member, 'Ngân hàng chưa giải ngân khoản vay thu mua vải dù hồ sơ đã đủ');
    await press(member, 'Khẩn cấp');
    const count = sentTo(member).length;
    telegram.photo(member, 'AgACAgphoto-1');
    expect((await nth(member, count + 1)).body['text']).toContain('Đã nhận 1 ảnh');
    await press(member, '✅ Xong');
    await say(member, '0912 345 678');
    const summary = await press(member, 'Có');
    expect(summary.body['text']).toContain('Kiểm tra lại trước khi gửi');
    const filed = await press(member, '✅ Gửi');
    expect(filed.body['text']).toContain('Mã hồ sơ: KK-2026-0001');

    const topic = await telegram.waitFor(() => telegram.callsOf('createForumTopic')[0]);
    expect(topic.body).toMatchObject({ chat_id: staff, name: 'KK-2026-0001 · Tín dụng, vay vốn · Xã Tân Yên' });
    const announce = await telegram.waitFor(() => sentTo(staff).find((c) => String(c.body['text'] ?? '').includes('KK-2026-0001 · Khó khăn')));
    expect(announce.body['message_thread_id']).toBe(500);
    expect(announce.body['text']).toContain('Ngân hàng chưa giải ngân');
    expect(announce.body['text']).toContain('+84912345678');
    const photo = await telegram.waitFor(() => sentTo(staff).find((c) => c.method === 'sendPhoto'));
    expect(photo.body).toMatchObject({ photo: 'AgACAgphoto-1', message_thread_id: 500 });
  });

  it('relays a staff answer in the topic to the member, marked as the Alliance\'s', async () => {
    const before = sentTo(member).length;
    telegram.groupMessage(staff, 42, 'Liên minh đã liên hệ ngân hàng, tuần sau giải ngân.', { topicId: 500 });
    const relayed = await nth(member, before + 1);
    expect(relayed.body['text']).toContain('💬 Liên minh HTX tỉnh trả lời hồ sơ KK-2026-0001');
    expect(relayed.body['text']).toContain('tuần sau giải ngân');
    expect((await app.tickets.get('KK-2026-0001'))!.state).toBe('answered');
  });

  it('passes the member\'s follow-up to the same topic', async () => {
    await press(member, '✍️ Trả lời / gửi thêm');
    const sent = await say(member, 'Cảm ơn, HTX chờ tin');
    expect(sent.body['text']).toContain('Đã gửi thêm vào hồ sơ KK-2026-0001');
    const inTopic = await telegram.waitFor(() => sentTo(staff).find((c) => String(c.body['text'] ?? '').includes('thành viên gửi thêm')));
    expect(inTopic.body).toMatchObject({ message_thread_id: 500 });
    expect(inTopic.body['text']).toContain('Cảm ơn, HTX chờ tin');
  });

  it('keeps a /note internal, and closes with an outcome the member is told and rates', async () => {
    const before = sentTo(member).length;
    telegram.groupMessage(staff, 42, '/note Ngân hàng hẹn thứ Hai', { topicId: 500 });
    await telegram.waitFor(() => sentTo(staff).find((c) => String(c.body['text'] ?? '').includes('Đã ghi chú nội bộ')));
    telegram.groupMessage(staff, 42, '/close Ngân hàng đã giải ngân', { topicId: 500 });
    const closed = await nth(member, before + 1);
    expect(closed.body['text']).toContain('KK-2026-0001 đã được Liên minh HTX tỉnh đóng');
    expect(closed.body['text']).toContain('Ngân hàng đã giải ngân');
    expect(sentTo(member).some((c) => String(c.body['text']).includes('thứ Hai'))).toBe(false);
    const thanks = await press(member, '⭐⭐⭐⭐');
    expect(thanks.body['text']).toContain('Cảm ơn bạn đã đánh giá');
    expect((await app.tickets.get('KK-2026-0001'))!.rating).toBe(4);
    const history = await app.tickets.history('KK-2026-0001');
    expect(history.map((e) => e.type)).toEqual(['created', 'staff-reply', 'member-message', 'note', 'closed', 'rated']);
    expect(history.find((e) => e.type === 'staff-reply')!.actor).toBe('staff:Lan Nguyễn');
  });

  it('changes nothing when a non-staff user sends staff commands elsewhere', async () => {
    const outsider = 7200;
    await say(outsider, '/reopen KK-2026-0001');
    telegram.groupMessage(-100999888777, 43, '/reopen KK-2026-0001');
    await say(outsider, '/status KK-2026-0001');
    expect(sentTo(outsider).at(-1)!.body['text']).toContain('Không tìm thấy hồ sơ KK-2026-0001 của bạn');
    await new Promise((r) => setTimeout(r, 200));
    expect((await app.tickets.get('KK-2026-0001'))!.state).toBe('closed');
  });

  it('answers /queue, /stats and /export in the staff chat', async () => {
    telegram.groupMessage(staff, 42, '/stats');
    const stats = await telegram.waitFor(() => sentTo(staff).find((c) => String(c.body['text'] ?? '').includes('Tổng số hồ sơ')));
    expect(stats.body['text']).toContain('Đánh giá: 1 lượt, trung bình 4/5');
    telegram.groupMessage(staff, 42, '/export difficulty');
    const doc = await telegram.waitFor(() => telegram.callsOf('sendDocument')[0]);
    expect(doc.body['_multipart']).toBe(true);
  });
});
