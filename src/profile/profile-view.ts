import type { Translate } from '../conversation/ports.js';
import { formatVietnamDateTime } from '../time/vietnam-time.js';
import { PROFILE_FIELDS, type MemberProfile } from './profile.js';

/** The member's profile as the console's ticket page shows it to staff (staff only: the console needs a login). */
export interface ProfileView {
  /** When the member agreed to have it kept. */
  consentAt: string;
  fields: Array<{ label: string; value: string; href?: string }>;
  /** The member's other conversations linked to the ticket's ("Telegram (telegram:123)"), or none. */
  linked: string[];
}

/** The ticket's member's profile and linked conversations for the console, in the staff member's language. */
export function profileView(profile: MemberProfile | undefined, linked: string[], t: Translate): ProfileView | undefined {
  if (!profile && linked.length === 0) return undefined;
  const none = t('console.ticket.none');
  const value = (f: (typeof PROFILE_FIELDS)[number]): string => {
    const v = profile?.[f] ?? null;
    return v === null ? none : f === 'role' ? t(`staff.role.${v}`) : v;
  };
  return {
    consentAt: profile ? formatVietnamDateTime(profile.consentAt) : none,
    fields: profile
      ? PROFILE_FIELDS.map((f) => ({ label: t(`console.ticket.profile.field.${f}`), value: value(f), ...(f === 'phone' && profile.phone ? { href: `tel:${profile.phone}` } : {}) }))
      : [],
    linked,
  };
}
