import type { Bilingual } from '../knowledge/entry.js';

/**
 * The Alliance a deployment serves (flows/organisation.yaml). An empty field is unknown, and the bot
 * says so instead of inventing it.
 */
export interface Organisation {
  name: Bilingual;
  address: Bilingual;
  phone: string;
  email: string;
  officeHours: Bilingual;
  website: string;
  zalo: string;
}

/** The contact fields in the order the bot lists them. */
export const CONTACT_FIELDS = ['address', 'phone', 'email', 'officeHours', 'website', 'zalo'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** A field's value in the member's language, or '' when the deployment has not filled it. */
export function contactValue(org: Organisation, field: ContactField, locale: 'vi' | 'en'): string {
  const value = org[field];
  return (typeof value === 'string' ? value : value[locale] || value.vi).trim();
}

/** The fields a deployment has left empty (content:check lists them). */
export function emptyContactFields(org: Organisation): ContactField[] {
  return CONTACT_FIELDS.filter((f) => contactValue(org, f, 'vi') === '');
}
