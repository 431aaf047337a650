import { createHash } from 'node:crypto';

/**
 * The name under which a member's votes and questions are kept: a hash of the conversation id, so
 * the insights never hold the id itself, yet one member's second vote replaces the first and
 * /forget finds what to erase.
 */
export function memberPseudonym(conversationId: string): string {
  return createHash('sha256').update(`htx-member:${conversationId}`).digest('base64url').slice(0, 22);
}
