/** Every Redis key the bot uses, built here and only here, under one prefix. */
export const REDIS_PREFIX = 'htx:';

export const redisKeys = {
  session: (conversationId: string) => `${REDIS_PREFIX}session:${conversationId}`,
  appliedTurn: (key: string) => `${REDIS_PREFIX}turn:${key}`,
  deliveredTurn: (key: string) => `${REDIS_PREFIX}turn-sent:${key}`,
  /** Set while a process sends an applied turn's replies (a minute at most). */
  sendingTurn: (key: string) => `${REDIS_PREFIX}turn-sending:${key}`,
  conversationLock: (conversationId: string) => `${REDIS_PREFIX}lock:${conversationId}`,
  updateClaim: (key: string) => `${REDIS_PREFIX}claim:${key}`,
  counter: (key: string) => `${REDIS_PREFIX}count:${key}`,
  votes: (entryId: string) => `${REDIS_PREFIX}feedback:votes:${entryId}`,
  votedEntries: () => `${REDIS_PREFIX}feedback:entries`,
  voterEntries: (voter: string) => `${REDIS_PREFIX}feedback:voter:${voter}`,
  askedOnce: (voter: string, folded: string) => `${REDIS_PREFIX}asked:${voter}:${folded.slice(0, 200)}`,
  recentQuestions: () => `${REDIS_PREFIX}questions:recent`,
  webInbox: (clientId: string) => `${REDIS_PREFIX}web-inbox:${clientId}`,
  webInboxSeq: () => `${REDIS_PREFIX}web-inbox-seq`,
  /** Jobs written in the same MULTI as their cause, moved into BullMQ by the delivery queue. */
  outbox: () => `${REDIS_PREFIX}outbox`,
  submission: (memberId: string, key: string) => `${REDIS_PREFIX}submission:${memberId}:${key}`,
  ticket: (code: string) => `${REDIS_PREFIX}ticket:${code}`,
  ticketEvents: (code: string) => `${REDIS_PREFIX}ticket-events:${code}`,
  ticketCounter: (kind: string, year: number) => `${REDIS_PREFIX}ticket-seq:${kind}:${year}`,
  ticketsAll: () => `${REDIS_PREFIX}tickets:all`,
  memberTickets: (memberId: string) => `${REDIS_PREFIX}tickets:member:${memberId}`,
  staffTopic: (chatId: number, topicId: number) => `${REDIS_PREFIX}tickets:topic:${chatId}:${topicId}`,
  staffMessage: (chatId: number, messageId: number) => `${REDIS_PREFIX}tickets:message:${chatId}:${messageId}`,
};
