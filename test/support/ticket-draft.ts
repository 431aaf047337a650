import { randomUUID } from 'node:crypto';
import type { TicketDraft } from '../../src/tickets/ticket-store.js';

/**
 * A member's filed form as the console tests use it: a web chat difficulty about selling vegetables,
 * with a phone the member agreed to be called on; each test changes what it is about.
 */
export const ticketDraft = (over: Partial<TicketDraft> = {}): TicketDraft => ({
  kind: 'difficulty',
  memberId: `web:${randomUUID()}`,
  locale: 'vi',
  topic: 'market',
  cooperative: 'HTX Rau an toàn Yên Dũng',
  role: 'manager',
  commune: 'Xã Tân Yên',
  content: 'Thương lái ép giá rau, HTX cần tìm đầu ra ổn định',
  phone: '+84912345678',
  consentToContact: true,
  urgency: 'normal',
  photos: [],
  conferenceId: null,
  ...over,
});
