import { z } from 'zod';
import { audienceSchema, type Audience } from '../announcements/announcement.js';
import type { AnnouncementProgress, AnnouncementService } from '../announcements/announcement-service.js';
import { TOPICS } from '../knowledge/topics.js';
import { formatVietnamDateTime } from '../time/vietnam-time.js';
import { CliError } from './load-for-cli.js';

export const ANNOUNCE_USAGE = `announce count --to AUDIENCE | announce send --to AUDIENCE [--at "YYYY-MM-DD HH:MM" | --draft] [--link URL] [--photo URL] "text" | announce list | announce show ID | announce cancel ID
  AUDIENCE: all, topic:${TOPICS.join('|')}, commune:"Xã Tân Yên", or conference:ID (subscribers who filed concerns for it).
  send: now, or at a time in Vietnam time (--at), or kept as a draft; the running bot sends it with the bulk priority, answers to members first.`;

/** One `staff announce …` command, checked before the storage is opened. */
export type AnnounceCommand =
  | { action: 'count'; audience: Audience }
  | { action: 'send'; audience: Audience; text: string; link: string | null; photo: string | null; at: Date | null; draft: boolean }
  | { action: 'list' }
  | { action: 'show' | 'cancel'; id: string };

/** "topic:credit" → an audience; a one-line refusal otherwise. */
function audience(value: string | undefined): Audience {
  const [kind, ...rest] = (value ?? '').split(':');
  const arg = rest.join(':');
  const parsed = audienceSchema.safeParse(kind === 'topic' ? { kind, topic: arg } : kind === 'commune' ? { kind, commune: arg } : kind === 'conference' ? { kind, conferenceId: arg } : { kind });
  if (!parsed.success) throw new CliError(`--to needs all, topic:NAME (${TOPICS.join(', ')}), commune:NAME or conference:ID${value ? ` (got "${value}")` : ''}`, 2);
  return parsed.data;
}

/** "2026-12-01 08:00" in Vietnam time (or a full ISO time) → a Date in the future. */
function vietnamTime(value: string | undefined, now: Date): Date {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(value ?? '');
  const at = match ? new Date(`${match[1]}T${match[2]}:00+07:00`) : new Date(value ?? '');
  if (Number.isNaN(at.getTime())) throw new CliError(`--at needs "YYYY-MM-DD HH:MM" in Vietnam time (got "${value ?? ''}")`, 2);
  if (at.getTime() <= now.getTime()) throw new CliError(`--at ${value} is in the past; leave --at out to send now`, 2);
  return at;
}

const idSchema = z.string().regex(/^\d{1,12}$/);
const urlSchema = z.string().url().max(1000);

/** Reads `announce ACTION …`. */
export function parseAnnounceArgs(args: string[], now = new Date()): AnnounceCommand {
  const [action, ...rest] = args;
  switch (action) {
    case 'list':
      if (rest.length) throw new CliError(`"announce list" takes no arguments (got "${rest[0]}")`, 2);
      return { action };
    case 'show':
    case 'cancel': {
      const id = idSchema.safeParse(rest[0]);
      if (!id.success || rest.length !== 1) throw new CliError(`"announce ${action}" takes one announcement number`, 2);
      return { action, id: id.data };
    }
    case 'count':
      if (rest[0] !== '--to' || rest.length !== 2) throw new CliError('"announce count" takes --to AUDIENCE only', 2);
      return { action, audience: audience(rest[1]) };
    case 'send': {
      const words: string[] = [];
      let to: Audience | undefined;
      let link: string | null = null;
      let photo: string | null = null;
      let at: Date | null = null;
      let draft = false;
      for (let i = 0; i < rest.length; i++) {
        const flag = rest[i]!;
        const value = () => {
          const v = rest[++i];
          if (v === undefined) throw new CliError(`${flag} needs a value`, 2);
          return v;
        };
        if (flag === '--to') to = audience(value());
        else if (flag === '--at') at = vietnamTime(value(), now);
        else if (flag === '--draft') draft = true;
        else if (flag === '--link' || flag === '--photo') {
          const url = urlSchema.safeParse(value());
          if (!url.success) throw new CliError(`${flag} needs a web address (https://…)`, 2);
          if (flag === '--link') link = url.data;
          else photo = url.data;
        } else if (flag.startsWith('--')) throw new CliError(`"announce send" does not take ${flag}`, 2);
        else words.push(flag);
      }
      if (!to) throw new CliError('"announce send" needs --to AUDIENCE', 2);
      if (draft && at) throw new CliError('Choose --at or --draft, not both', 2);
      const text = words.join(' ').trim();
      if (!text) throw new CliError('"announce send" needs the text of the announcement', 2);
      if (text.length > 3500) throw new CliError(`The text is ${text.length.toLocaleString('en')} characters long; at most 3,500 are sent`, 2);
      return { action, audience: to, text, link, photo, at, draft };
    }
    default:
      throw new CliError(`"announce" needs count, send, list, show or cancel (npm run staff -- --help)`, 2);
  }
}

/** One line per announcement: number, status, counts, when, the start of the text. */
function line({ announcement: a, counts }: AnnouncementProgress): string {
  const when = a.startedAt ?? a.sendAt;
  return `#${a.id} ${a.status} · ${counts.sent} sent, ${counts.failed} failed, ${counts.blocked} blocked of ${a.recipients ?? '?'} · ${when ? formatVietnamDateTime(when) : 'draft'} · ${a.text.slice(0, 60)}`;
}

/** Runs a parsed command; the text to print (a refusal is a CliError). */
export async function runAnnounceCommand(command: AnnounceCommand, service: AnnouncementService, author: string, now = new Date()): Promise<string> {
  switch (command.action) {
    case 'count':
      return `${(await service.audience(command.audience)).length} recipients`;
    case 'list': {
      const all = await service.list(50);
      return all.length ? all.map(line).join('\n') : 'No announcements yet';
    }
    case 'show': {
      const progress = await service.progress(command.id);
      if (!progress) throw new CliError(`No announcement #${command.id}`, 1);
      return line(progress);
    }
    case 'cancel': {
      const cancelled = await service.cancel(command.id);
      if (!cancelled) throw new CliError(`Announcement #${command.id} cannot be cancelled: it does not exist, has started or has ended`, 1);
      return `#${command.id} cancelled`;
    }
    case 'send': {
      const recipients = (await service.audience(command.audience)).length;
      const sendAt = command.draft ? undefined : (command.at ?? now);
      const a = await service.compose({ text: command.text, link: command.link, photo: command.photo, audience: command.audience }, author, sendAt);
      if (!sendAt) return `#${a.id} saved as a draft (${recipients} recipients now)`;
      return `#${a.id} ${command.at ? `scheduled for ${formatVietnamDateTime(a.sendAt)}` : 'queued: the running bot starts it within seconds'} to ${recipients} recipients`;
    }
  }
}
