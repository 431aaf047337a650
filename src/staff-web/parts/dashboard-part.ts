import { z } from 'zod';
import { vietnamDayStart } from '../../tickets/export/ticket-table.js';
import { vietnamDay } from '../../time/vietnam-time.js';
import type { ConsolePart } from '../console-plugin.js';
import { loadDashboard } from '../dashboard/load-dashboard.js';
import { ticketSnapshot } from '../dashboard/ticket-snapshot.js';

/** A day the form sends; empty means "open end". */
const day = z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional()).catch(undefined);
const rangeQuery = z.object({ from: day, to: day });

/** A real calendar day (2026-02-30 is not one). */
const isDay = (d: string | undefined) => {
  if (d === undefined) return true;
  try {
    vietnamDayStart(d);
    return true;
  } catch {
    return false;
  }
};

/**
 * /staff/dashboard: the figures of `npm run staff -- stats` for a range of days (the last 12 months
 * by default), as charts drawn in the browser by ECharts (served from the app) and as tables.
 */
export const dashboardPart: ConsolePart = (app, { storage, render, now, serviceLevelDays }) => {
  const tickets = ticketSnapshot(storage.tickets, storage.ticketChanges);
  // Read once at start, so even the first view of the dashboard only catches up with the changes since.
  void tickets.all().catch(() => undefined);
  app.get('/dashboard', async (request, reply) => {
    const q = rangeQuery.parse(request.query ?? {});
    const today = vietnamDay(now()).day;
    const yearAgo = vietnamDay(new Date(now().getTime() - 365 * 86_400_000)).day;
    const asked = { from: q.from ?? yearAgo, to: q.to ?? today };
    const problem = !isDay(asked.from) || !isDay(asked.to) ? 'notADay' : asked.to < asked.from ? 'reversed' : null;
    const range = problem ? { from: yearAgo, to: today } : asked;
    const data = await loadDashboard({ tickets, insights: storage.insights, serviceLevelDays }, range, now());
    return render(request, problem ? reply.status(400) : reply, 'dashboard', { data, range: asked, problem, json: JSON.stringify(data).replace(/</g, '\\u003c') });
  });
};
