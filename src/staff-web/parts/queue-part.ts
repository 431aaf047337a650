import { queueOrder } from '../../tickets/ticket-stats.js';
import type { ConsolePart } from '../console-plugin.js';

/** /staff: the open tickets, overdue first. */
export const queuePart: ConsolePart = (app, { tickets, render, now, serviceLevelDays }) => {
  app.get('/', async (request, reply) => {
    const open = queueOrder(await tickets.all(), now(), serviceLevelDays);
    return render(request, reply, 'queue', { rows: open.slice(0, 50), total: open.length });
  });
};
