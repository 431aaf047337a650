/**
 * True when a delivery failed because the member blocked the bot or left: Telegram answers 403
 * ("Forbidden: bot was blocked by the user", "user is deactivated"), Zalo a 403 refusal. Such a
 * member is marked and skipped by later announcements; a retry would not help.
 */
export function blockedByMember(reason: string): boolean {
  return /^403\b/.test(reason) || /failed: 403\b/.test(reason) || /blocked by the user|user is deactivated|bot was kicked/i.test(reason);
}
