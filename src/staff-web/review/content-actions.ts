import type { FastifyRequest } from 'fastify';
import type { Actor, ContentService, Refusal } from '../../content/content-service.js';
import { FILES_AUTHOR } from '../../content/seed-content.js';
import type { ConsoleDeps } from '../console-deps.js';

/** The content service the app wires into the console; a page that edits content cannot work without it. */
export function contentService(deps: Pick<ConsoleDeps, 'content'>): ContentService {
  if (!deps.content) throw new Error('the console has no content service (ConsoleDeps.content): drafts and publishing are not wired');
  return deps.content;
}

/** The logged-in staff member as the content rules know them. */
export const actorOf = (request: FastifyRequest): Actor => ({ login: request.staff!.login, role: request.staff!.role });

/** A form's revision number ("basedOn", "rev"): a whole number ≥ 0, or undefined. */
export function revisionOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

type RefusalReason = Refusal['reason'];

const REFUSAL_STATUS: Record<RefusalReason, number> = { invalid: 400, conflict: 409, forbidden: 403, 'own-draft': 403, 'not-found': 404, referenced: 409 };

/** The HTTP status of a refused content action. */
export const refusalStatus = (reason: RefusalReason): number => REFUSAL_STATUS[reason];

/** The console key that says why a content action was refused (console.review.refused.*). */
export const refusalKey = (reason: RefusalReason): string => `console.review.refused.${reason}`;

/**
 * Account logins → "Full name (login)" for histories (two staff members may share a name; the login
 * tells them apart), `filesLabel` for the shipped flows/ files; a login with no account stays as it is.
 */
export async function authorNames(accounts: { list(): Promise<Array<{ login: string; name: string }>> }, filesLabel: string): Promise<(login: string) => string> {
  const names = new Map((await accounts.list()).map((a) => [a.login, a.name]));
  return (login) => {
    if (login === FILES_AUTHOR) return filesLabel;
    const name = names.get(login);
    return name === undefined || name === login ? login : `${name} (${login})`;
  };
}
