import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { openDeliveryQueue } from '../app.js';
import { createLogger } from '../logging/create-logger.js';
import { TicketRelay } from '../relay/ticket-relay.js';
import { offerChoicesIn } from '../conversation/conversation-service.js';
import { exportTickets } from '../tickets/export/export-tickets.js';
import { parseReference } from '../tickets/reference-code.js';
import { StaffActions } from '../tickets/staff-actions.js';
import { TicketService } from '../tickets/ticket-service.js';
import { createTranslator } from '../i18n/create-translator.js';
import { defaultPaths } from '../app.js';
import { fail, openBotStorage } from './load-for-cli.js';
import { parseExportArgs, EXPORT_USAGE } from './export-args.js';

const USAGE = `usage: npm run staff -- list | show CODE | reply CODE "text" | note CODE "text" | take CODE | close CODE ["outcome"] | reopen CODE | stats | agenda [CONFERENCE] | export ${EXPORT_USAGE}
  Acts as staff on the bot's storage (DATA_DIR or REDIS_URL); set STAFF_NAME to sign the audit trail (default: staff-cli).
  Replies reach the member through the delivery queue, which the running bot works.`;

const nameSchema = z.string().trim().min(1).max(60);

/** npm run staff: the staff desk for the embedded set-up without Telegram. Same actions, same audit trail. */
async function main(): Promise<void> {
  const [action, ...rest] = process.argv.slice(2);
  if (!action || action === '--help' || action === '-h') fail(USAGE, action ? 0 : 2);
  const staffName = nameSchema.safeParse(process.env['STAFF_NAME'] ?? 'staff-cli');
  if (!staffName.success) fail('Invalid STAFF_NAME: expected 1 to 60 characters');
  const { config, storage } = await openBotStorage();
  const logger = createLogger('warn', process.stderr);
  const queue = openDeliveryQueue(config, storage, logger);
  const translator = createTranslator(defaultPaths().localesDir);
  const tickets = new TicketService(storage.tickets);
  const relay = new TicketRelay({ queue, tickets, translator, staffChat: false, offerChoices: (id, choices) => offerChoicesIn(storage.sessions, id, choices) });
  const actions = new StaffActions(tickets, relay, translator('vi'), config.serviceLevelDays);
  const actor = { kind: 'staff' as const, name: staffName.data };
  const code = () => parseReference(rest[0] ?? '') ?? fail(`a ticket code like KK-2026-0012 is needed\n${USAGE}`);
  const text = () => {
    const t = rest.slice(1).join(' ').trim();
    return t.length > 0 && t.length <= 4000 ? t : fail(`the text is missing (or longer than 4,000 characters)\n${USAGE}`);
  };
  try {
    let out: { text: string };
    switch (action) {
      case 'list':
        out = await actions.queue();
        break;
      case 'show':
        out = await actions.show(code());
        break;
      case 'reply':
        out = await actions.reply(code(), actor, text(), `cli-reply:${code()}:${Date.now()}`);
        break;
      case 'note':
        out = await actions.note(code(), actor, text());
        break;
      case 'take':
        out = await actions.take(code(), actor);
        break;
      case 'close':
        out = await actions.close(code(), actor, rest.slice(1).join(' ').trim() || null);
        break;
      case 'reopen':
        out = await actions.reopen(code(), actor);
        break;
      case 'stats':
        out = await actions.stats();
        break;
      case 'agenda':
        out = await actions.agenda(rest[0]);
        break;
      case 'export': {
        const request = parseExportArgs(rest);
        const file = await exportTickets(await tickets.all(), request);
        const path = request.out ?? file.name;
        writeFileSync(path, file.content);
        out = { text: `${path} (${file.content.length} bytes)` };
        break;
      }
      default:
        fail(`unknown action ${action}\n${USAGE}`);
    }
    process.stdout.write(`${out.text}\n`);
  } finally {
    await queue.stop();
    await storage.close();
  }
}

await main();
