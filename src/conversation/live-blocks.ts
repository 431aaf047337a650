import type { LIVE_BLOCKS } from '../knowledge/entry-schema.js';
import { CONTACT_FIELDS, contactValue } from './organisation.js';
import type { RenderContext } from './render-entry.js';
import { countdown, formatDate } from './render-entry.js';

type LiveBlock = (typeof LIVE_BLOCKS)[number];

const CONTACT_ICONS: Record<(typeof CONTACT_FIELDS)[number], string> = {
  address: '📍',
  phone: '☎️',
  email: '✉️',
  officeHours: '🕘',
  website: '🌐',
  zalo: '💬',
};

/** A block of an answer built from flows/ data on the day it is read, never from a fixed text. */
export function liveBlock(block: LiveBlock, rc: RenderContext, today: string): string {
  return block === 'next-conference' ? nextConference(rc, today) : organisationContact(rc);
}

/** The conference taking concerns now, with the days left; or the one whose deadline passed; or none. */
function nextConference(rc: RenderContext, today: string): string {
  const { t, locale } = rc;
  const open = rc.flows.nextOpenConference(rc.now);
  if (open) {
    return `📅 ${t('live.conference', {
      name: open.name[locale],
      date: formatDate(open.date),
      place: open.place[locale],
      deadline: formatDate(open.deadline),
      left: countdown(open.deadline, today, t),
    })}`;
  }
  const closed = [...rc.flows.conferences].filter((c) => c.date >= today).sort((a, b) => a.date.localeCompare(b.date))[0];
  if (closed) return `📅 ${t('live.conferenceClosed', { name: closed.name[locale], date: formatDate(closed.date), deadline: formatDate(closed.deadline) })}`;
  return `📅 ${t('live.noConference')}`;
}

/** The Alliance's filled contact fields; the empty ones are named, never made up. */
function organisationContact(rc: RenderContext): string {
  const { t, locale } = rc;
  const org = rc.flows.organisation;
  const lines = [`🏢 ${org.name[locale]}`];
  const missing: string[] = [];
  for (const field of CONTACT_FIELDS) {
    const value = contactValue(org, field, locale);
    if (value) lines.push(`${CONTACT_ICONS[field]} ${t(`live.contact.${field}`)}: ${value}`);
    else missing.push(t(`live.missingField.${field}`));
  }
  if (missing.length > 0) lines.push(t('live.contactMissing', { fields: missing.join(', ') }));
  return lines.join('\n');
}
