import { daysBetween } from '../../time/vietnam-time.js';

/** An entry is due for review when it was last reviewed more than this many days ago. */
export const REVIEW_AFTER_DAYS = 180;

/** Whether an entry reviewed on `reviewed` (ISO day) is overdue on `today` (ISO day, Vietnam); an unreadable day counts as overdue. */
export function reviewOverdue(reviewed: string | undefined, today: string): boolean {
  if (reviewed === undefined || Number.isNaN(Date.parse(reviewed))) return true;
  return daysBetween(reviewed, today) > REVIEW_AFTER_DAYS;
}
