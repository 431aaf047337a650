import { Api } from 'grammy';
import { createTranslator } from '../../src/i18n/create-translator.js';
import type { DeliveryQueue } from '../../src/delivery/ports.js';
import { telegramMemberSender } from '../../src/relay/senders.js';
import { TicketRelay } from '../../src/relay/ticket-relay.js';
import type { Storage } from '../../src/storage/ports.js';
import { StaffActions } from '../../src/tickets/staff-actions.js';
import { TicketService } from '../../src/tickets/ticket-service.js';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';
import { FakeRateLimitedApi } from './fake-rate-limited-api.js';
import { createPacer, TELEGRAM_RATE_LIMIT } from '../../src/delivery/pacer.js';

const draft = (i: number): TicketDraft => ({
  kind: 'difficulty', memberId: `telegram:${100_000 + i}`, locale: 'vi', topic: 'credit', cooperative: `HTX số ${i}`, role: 'member',
  commune: 'Tân Yên', content: 'Khó khăn về vốn lưu động cho vụ mùa', phone: null, consentToContact: false, urgency: 'normal', photos: [], conferenceId: null,
});

/** Tickets filed per second with `concurrency` members filing at once. */
export async function filingRate(storage: Storage, count: number, concurrency = 16): Promise<number> {
  const tickets = new TicketService(storage.tickets);
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < count) await tickets.file(draft(next++)); }));
  return count / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const locales = new URL('../../locales', import.meta.url).pathname;

/** Staff action → queue → sender → fake Bot API: p50/p99 from the staff reply to the API receiving it. */
export async function relayLatency(storage: Storage, queue: DeliveryQueue, samples: number): Promise<{ p50: number; p99: number }> {
  const api = new FakeRateLimitedApi(1_000_000);
  const root = await api.start();
  const tickets = new TicketService(storage.tickets);
  const relay = new TicketRelay({ queue, tickets, translator: createTranslator(locales), staffChat: false });
  const actions = new StaffActions(tickets, relay, createTranslator(locales)('vi'), 2);
  queue.start({ senders: { telegram: telegramMemberSender(new Api('1:bench', { apiRoot: root })) }, onFailed: () => undefined });
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = await tickets.file(draft(900_000 + i));
    const chatId = 100_000 + 900_000 + i;
    const arrived = new Promise<number>((r) => api.waiters.set(chatId, r));
    const t0 = performance.now();
    await actions.reply(t.code, { kind: 'staff', name: 'bench' }, 'Liên minh đã nhận và đang xử lý.', `bench-latency:${t.code}`);
    await arrived;
    times.push(performance.now() - t0);
    api.waiters.delete(chatId);
  }
  await queue.stop();
  await api.stop();
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)]!, p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]! };
}

/** N staff replies to N members against a fake API allowing `perSecond`: drain time, 429s, lost, duplicated. */
export async function burst(storage: Storage, queue: DeliveryQueue, n: number, perSecond: number) {
  const api = new FakeRateLimitedApi(perSecond);
  const root = await api.start();
  const tickets = new TicketService(storage.tickets);
  const relay = new TicketRelay({ queue, tickets, translator: createTranslator(locales), staffChat: false });
  const actions = new StaffActions(tickets, relay, createTranslator(locales)('vi'), 2);
  const filed = [];
  for (let i = 0; i < n; i++) filed.push(await tickets.file(draft(i)));
  for (const t of filed) await actions.reply(t.code, { kind: 'staff', name: 'bench' }, `Trả lời ${t.code}`, `bench-burst:${t.code}`);
  // Timed from the moment the queue works the burst: the replies are all waiting, as after a busy morning.
  const t0 = performance.now();
  // As in the app: Telegram sends are paced at the bot's limit, and 429s still pause the channel.
  queue.start({ senders: { telegram: createPacer(TELEGRAM_RATE_LIMIT)(telegramMemberSender(new Api('1:bench', { apiRoot: root }))) }, onFailed: () => undefined });
  await queue.drained(30 * 60_000);
  const seconds = (performance.now() - t0) / 1000;
  await queue.stop();
  await api.stop();
  const keys = api.received.map((r) => `${r.chatId}|${r.text}`);
  const unique = new Set(keys);
  return { seconds, perSecond: n / seconds, ratio: n / seconds / perSecond, rejected429: api.rejected429, lost: n - unique.size, duplicated: keys.length - unique.size };
}
