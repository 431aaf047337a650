import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultPaths, openDeliveryQueue } from '../app.js';
import { offerChoicesIn } from '../conversation/conversation-service.js';
import type { Translate } from '../conversation/ports.js';
import { createTranslator } from '../i18n/create-translator.js';
import { createLogger } from '../logging/create-logger.js';
import { IdentityService } from '../identity/identity-service.js';
import { TicketRelay } from '../relay/ticket-relay.js';
import { exportTickets } from '../tickets/export/export-tickets.js';
import { dashboardText } from '../staff-web/dashboard/dashboard-text.js';
import { loadDashboard, type DayRangeRequest } from '../staff-web/dashboard/load-dashboard.js';
import { parseReference } from '../tickets/reference-code.js';
import { StaffActions, type StaffOutcome } from '../tickets/staff-actions.js';
import type { Ticket } from '../tickets/ticket.js';
import type { ActionResult } from '../tickets/ticket-service.js';
import { TicketService } from '../tickets/ticket-service.js';
import { checkExportTarget, EXPORT_OUTPUT, EXPORT_USAGE, parseExportArgs, typedPath, writeExport, type ExportOptions } from './export-args.js';
import { CliError, openCliStorage, runCliCommand, type CliIo } from './load-for-cli.js';
import { savePhotos } from './photo-refs.js';
import { parseUserArgs, runUserCommand, USER_USAGE } from './staff-users.js';
import { ANNOUNCE_USAGE, parseAnnounceArgs, runAnnounceCommand } from './staff-announce.js';
import { AnnouncementService } from '../announcements/announcement-service.js';
import { queueView, ticketCard, type ViewContext } from './ticket-view.js';

const USAGE = `usage: npm run staff -- [--init] list | user … | show CODE | photos CODE --out FOLDER | reply CODE "text" | note CODE "text" | take CODE | close CODE ["outcome"] | reopen CODE | stats [--from YYYY-MM-DD] [--to YYYY-MM-DD] | agenda [CONFERENCE] | export ${EXPORT_USAGE}
  Acts as staff on the bot's storage (DATA_DIR or REDIS_URL); set STAFF_NAME to sign the audit trail (default: staff-cli).
  list: open tickets, urgent first; show: every field of one ticket (phone included) and its history;
  photos: saves the ticket's web chat photos into FOLDER as CODE-1.jpg…, and says where the others are.
  Replies reach the member through the delivery queue, which the running bot works.
  A DATA_DIR without a database (bot.db) is refused, so a mistyped DATA_DIR never shows an empty queue;
  --init (before the action, or alone) creates an empty database there.
  stats: the dashboard's figures for the tickets created from --from to --to (days in Vietnam time, both included; without them, all).
  export: ${EXPORT_OUTPUT}
  ${USER_USAGE}
  ${ANNOUNCE_USAGE}
  Any error or refusal is one line on stderr; the exit code is 2 for a wrong command line, 1 otherwise.`;

const HELP = 'npm run staff -- --help shows the actions';
const MAX_TEXT = 4000;

/** One staff command, read and checked before the storage is opened. */
type StaffCommand =
  | { action: 'init' }
  | { action: 'list' }
  | { action: 'stats'; range: DayRangeRequest }
  | { action: 'agenda'; conference: string | undefined }
  | { action: 'show' | 'take' | 'reopen'; code: string }
  | { action: 'reply' | 'note'; code: string; text: string }
  | { action: 'close'; code: string; outcome: string | null }
  | { action: 'photos'; code: string; out: string }
  | { action: 'export'; options: ExportOptions };

const nameSchema = z.string().trim().min(1).max(60);

/** Reads the command line: `[--init] ACTION ARGS…`, `--init` alone, or a request for the usage. */
function parseStaffArgs(argv: string[]): { init: boolean; command: StaffCommand } | { usage: string } {
  const init = argv[0] === '--init';
  const [action, ...rest] = init ? argv.slice(1) : argv;
  if (action === '--help' || action === '-h') return { usage: USAGE };
  if (action === 'export' && (rest.includes('--help') || rest.includes('-h'))) return { usage: `usage: npm run staff -- export ${EXPORT_USAGE}\n  ${EXPORT_OUTPUT}` };
  if (action === undefined) {
    if (init) return { init, command: { action: 'init' } };
    throw new CliError(`An action is needed: list, show, photos, reply, note, take, close, reopen, stats, agenda or export (${HELP})`, 2);
  }
  const none = (max: number) => {
    const extra = rest[max];
    if (extra === '--init') throw new CliError(`Put --init before the action: npm run staff -- --init ${action}`, 2);
    if (extra !== undefined) throw new CliError(`"${action}" takes ${max === 0 ? 'no arguments' : 'only the ticket code'} (got also "${extra}")`, 2);
  };
  const code = (): string => {
    const given = rest[0];
    const parsed = parseReference(given ?? '');
    if (parsed === undefined) throw new CliError(`"${action}": a ticket code like KK-2026-0012 is needed${given === undefined ? '' : ` (got "${given}")`}`, 2);
    return parsed;
  };
  const text = (what: string): string => {
    const t = rest.slice(1).join(' ').trim();
    if (t === '') throw new CliError(`"${action}" needs ${what} after the ticket code`, 2);
    if (t.length > MAX_TEXT) throw new CliError(`The text is ${t.length.toLocaleString('en')} characters long; at most ${MAX_TEXT.toLocaleString('en')} are sent`, 2);
    return t;
  };
  switch (action) {
    case 'list':
      none(0);
      return { init, command: { action } };
    case 'stats':
      return { init, command: { action, range: parseStatsRange(rest) } };
    case 'agenda':
      none(1);
      return { init, command: { action, conference: rest[0] } };
    case 'show':
    case 'take':
    case 'reopen': {
      const c = code();
      none(1);
      return { init, command: { action, code: c } };
    }
    case 'photos': {
      const c = code();
      if (rest[1] !== '--out' || rest[2] === undefined || rest[2] === '') throw new CliError(`"photos" needs --out FOLDER after the ticket code (the folder to save the photos in)`, 2);
      const extra = rest[3];
      if (extra !== undefined) throw new CliError(`"photos" takes the ticket code and --out FOLDER only (got also "${extra}")`, 2);
      return { init, command: { action, code: c, out: typedPath(rest[2]) } };
    }
    case 'reply':
      return { init, command: { action, code: code(), text: text('the answer for the member') } };
    case 'note':
      return { init, command: { action, code: code(), text: text('the text of the note') } };
    case 'close': {
      const outcome = rest.slice(1).join(' ').trim();
      if (outcome.length > MAX_TEXT) throw new CliError(`The outcome is ${outcome.length.toLocaleString('en')} characters long; at most ${MAX_TEXT.toLocaleString('en')} are sent`, 2);
      return { init, command: { action, code: code(), outcome: outcome || null } };
    }
    case 'export':
      return { init, command: { action, options: parseExportArgs(rest, `npm run staff -- export --help shows the options`) } };
    default:
      throw new CliError(`Unknown action "${action}" (${HELP})`, 2);
  }
}

/**
 * `stats [--from DAY] [--to DAY]`: the days are read by the export's own parser (the same checks
 * and one-line refusals as `export --from --to`); no other option is taken.
 */
function parseStatsRange(rest: string[]): DayRangeRequest {
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    if (flag === '--init') throw new CliError('Put --init before the action: npm run staff -- --init stats', 2);
    if (flag !== '--from' && flag !== '--to') throw new CliError(`"stats" takes only --from YYYY-MM-DD and --to YYYY-MM-DD (got "${flag}")`, 2);
    if (rest[i + 1] === undefined || rest[i + 1]!.startsWith('--')) break; // the export's parser says which value is missing
  }
  const { from, to } = parseExportArgs([...rest, '--format', 'csv'], HELP);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

/** Every way StaffActions refuses a ticket action, as the text it answers for this code. */
function refusalTexts(t: Translate, code: string): Set<string> {
  const reasons: ReadonlyArray<Extract<ActionResult, { ok: false }>['reason']> = ['not-found', 'closed', 'not-closed', 'invalid'];
  return new Set(reasons.map((reason) => t(`staff.refused.${reason}`, { code })));
}

/**
 * npm run staff (src/cli/staff.ts runs it on the process's arguments, environment and standard
 * streams): the staff desk for the embedded set-up without Telegram. Same actions, same audit
 * trail. A refusal (no such ticket, already closed…) and every error is one line on stderr with a
 * non-zero exit code, which it returns; the answer of an action that was done is printed on stdout.
 * Exports to standard output, `user` and `announce` use the process's own streams.
 */
export function runStaff(argv: string[], io: CliIo): Promise<0 | 1 | 2> {
  // "staff reply failed: …": the action in the context of an unexpected error.
  const action = argv.find((a) => !a.startsWith('-'));
  return runCliCommand(action ? `staff ${action} failed` : 'staff failed', () => main(argv, io), io.stderr);
}

async function main(argv: string[], io: CliIo): Promise<void> {
  if (argv[argv[0] === '--init' ? 1 : 0] === 'user') return users(argv, io);
  if (argv[argv[0] === '--init' ? 1 : 0] === 'announce') return announce(argv, io);
  const parsed = parseStaffArgs(argv);
  if ('usage' in parsed) {
    io.stdout.write(`${parsed.usage}\n`);
    return;
  }
  const { init, command } = parsed;
  const staffName = nameSchema.safeParse(io.env['STAFF_NAME'] ?? 'staff-cli');
  if (!staffName.success) throw new CliError(`Invalid STAFF_NAME: expected 1 to 60 characters (got "${io.env['STAFF_NAME']}")`, 1);
  if (command.action === 'export') checkExportTarget(command.options.out, 'staff');

  const { config, storage } = await openCliStorage({ init, missingDatabaseHint: 'check DATA_DIR, or add --init to create an empty database there' }, io.env);
  const queue = openDeliveryQueue(config, storage, createLogger('warn', io.stderr));
  const translator = createTranslator(defaultPaths().localesDir);
  const t = translator('vi');
  const tickets = new TicketService(storage.tickets);
  // Answers go where the member wrote last (a linked member's other channel), as in the running bot.
  const identity = new IdentityService({ links: storage.links, counters: storage.counters, translator });
  const relay = new TicketRelay({ queue, tickets, translator, staffChat: false, route: (memberId) => identity.route(memberId) });
  const actions = new StaffActions(tickets, relay, t, config.serviceLevelDays);
  const actor = { kind: 'staff' as const, name: staffName.data };
  const view: ViewContext = { t, now: new Date(), serviceLevelDays: config.serviceLevelDays };
  /** The ticket, or the refusal "no such ticket" (stderr, exit 1). */
  const ticketOr = async (code: string): Promise<Ticket> => {
    const ticket = await tickets.get(code);
    if (!ticket) throw new CliError(t('staff.refused.not-found', { code }), 1);
    return ticket;
  };

  /** An action on one ticket: its refusal becomes an error (stderr, exit 1). */
  const onTicket = async (code: string, act: () => Promise<StaffOutcome>): Promise<string> => {
    const out = await act();
    if (refusalTexts(t, code).has(out.text)) throw new CliError(out.text, 1);
    return out.text;
  };

  let text: string | undefined;
  try {
    switch (command.action) {
      case 'init':
        text = config.storage.kind === 'sqlite' ? `Database ready in DATA_DIR ${resolve(config.storage.dataDir)}` : 'Redis needs no --init: nothing to create';
        break;
      case 'list':
        text = queueView(await tickets.all(), view);
        break;
      case 'stats':
        text = dashboardText(await loadDashboard({ tickets, insights: storage.insights, serviceLevelDays: config.serviceLevelDays }, command.range, view.now), t);
        break;
      case 'agenda':
        text = (await actions.agenda(command.conference)).text;
        break;
      case 'show':
        text = ticketCard(await ticketOr(command.code), await tickets.history(command.code), view);
        break;
      case 'photos':
        text = (await savePhotos(await ticketOr(command.code), storage.photos, command.out)).join('\n');
        break;
      case 'take':
        text = await onTicket(command.code, () => actions.take(command.code, actor));
        break;
      case 'reopen':
        text = await onTicket(command.code, () => actions.reopen(command.code, actor));
        break;
      case 'reply':
        text = await onTicket(command.code, () => actions.reply(command.code, actor, command.text, `cli-reply:${command.code}:${Date.now()}`));
        break;
      case 'note':
        text = await onTicket(command.code, () => actions.note(command.code, actor, command.text));
        break;
      case 'close':
        text = await onTicket(command.code, () => actions.close(command.code, actor, command.outcome));
        break;
      case 'export': {
        const file = await exportTickets(await tickets.all(), command.options);
        text = await writeExport(file, command.options.out);
        break;
      }
    }
  } finally {
    await queue.stop().catch(() => undefined);
    await storage.close().catch(() => undefined);
  }
  if (text !== undefined) io.stdout.write(`${text}\n`);
}

/** `npm run staff -- [--init] user …`: the web console's accounts. */
async function users(argv: string[], io: CliIo): Promise<void> {
  const init = argv[0] === '--init';
  const command = parseUserArgs(argv.slice(init ? 2 : 1));
  const { storage } = await openCliStorage({ init, missingDatabaseHint: 'check DATA_DIR, or add --init to create an empty database there' }, io.env);
  try {
    io.stdout.write(`${await runUserCommand(command, storage.accounts, storage.consoleSessions)}\n`);
  } finally {
    await storage.close().catch(() => undefined);
  }
}

/** `npm run staff -- [--init] announce …`: announcements to subscribers, sent by the running bot. */
async function announce(argv: string[], io: CliIo): Promise<void> {
  const init = argv[0] === '--init';
  const command = parseAnnounceArgs(argv.slice(init ? 2 : 1));
  const author = nameSchema.safeParse(io.env['STAFF_NAME'] ?? 'staff-cli');
  if (!author.success) throw new CliError(`Invalid STAFF_NAME: expected 1 to 60 characters (got "${io.env['STAFF_NAME']}")`, 1);
  const { config, storage } = await openCliStorage({ init, missingDatabaseHint: 'check DATA_DIR, or add --init to create an empty database there' }, io.env);
  const queue = openDeliveryQueue(config, storage, createLogger('warn', io.stderr));
  const service = new AnnouncementService({ store: storage.announcements, subscriptions: storage.subscriptions, tickets: storage.tickets, queue, translator: createTranslator(defaultPaths().localesDir) });
  try {
    io.stdout.write(`${await runAnnounceCommand(command, service, author.data)}\n`);
  } finally {
    await queue.stop().catch(() => undefined);
    await storage.close().catch(() => undefined);
  }
}
