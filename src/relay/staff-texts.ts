import type { Translate } from '../conversation/ports.js';
import type { Ticket } from '../tickets/ticket.js';

const CHANNEL_NAMES: Record<string, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Web chat' };

/** "KK-2026-0012 · Tín dụng, vay vốn · Xã Tân Yên": the staff-chat topic of a ticket (≤ 128 characters). */
export function topicName(ticket: Ticket, t: Translate): string {
  const parts = [ticket.code, ticket.topic ? t(`topic.${ticket.topic}`) : t(`ticket.kind.${ticket.kind}`), ticket.commune ?? ''];
  return parts.filter(Boolean).join(' · ').slice(0, 128);
}

/** The announcement of a new ticket in the staff chat (staff see the member's details; they are staff). */
export function announcement(ticket: Ticket, t: Translate): string {
  const icon = ticket.kind === 'concern' ? '📝' : ticket.kind === 'difficulty' ? '🆘' : '❓';
  const urgent = ticket.urgency === 'urgent' ? ` · ${t('staff.urgent')}` : '';
  const lines = [`${icon} ${ticket.code} · ${t(`ticket.kind.${ticket.kind}`)}${urgent}`];
  if (ticket.cooperative) lines.push(`${t('form.field.cooperative')}: ${ticket.cooperative}${ticket.role ? ` (${t(`staff.role.${ticket.role}`)})` : ''}`);
  if (ticket.commune) lines.push(`${t('form.field.commune')}: ${ticket.commune}`);
  if (ticket.topic) lines.push(`${t('form.field.topic')}: ${t(`topic.${ticket.topic}`)}`);
  if (ticket.conferenceId) lines.push(`${t('staff.conference')}: ${ticket.conferenceId}`);
  const channel = ticket.memberId ? CHANNEL_NAMES[ticket.memberId.split(':')[0]!] ?? ticket.memberId.split(':')[0] : '-';
  lines.push(`${t('staff.channel')}: ${channel}`);
  if (ticket.phone && ticket.consentToContact) lines.push(`${t('form.field.phone')}: ${ticket.phone} (${t('staff.consented')})`);
  if (ticket.photos.length) lines.push(t('form.photoCount', { count: ticket.photos.length }));
  lines.push('', ticket.content, '', t('staff.howToAnswer'));
  return lines.join('\n');
}
