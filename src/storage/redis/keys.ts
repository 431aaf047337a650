/** Every Redis key the bot uses, built here and only here, under one prefix. */
export const REDIS_PREFIX = 'htx:';

export const redisKeys = {
  session: (conversationId: string) => `${REDIS_PREFIX}session:${conversationId}`,
  updateClaim: (key: string) => `${REDIS_PREFIX}claim:${key}`,
  feedbackCounts: () => `${REDIS_PREFIX}feedback:counts`,
  recentQuestions: () => `${REDIS_PREFIX}questions:recent`,
};
