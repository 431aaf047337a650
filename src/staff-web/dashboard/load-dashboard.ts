import type { InsightStore } from '../../storage/ports.js';
import { vietnamDayStart } from '../../tickets/export/ticket-table.js';
import type { Ticket } from '../../tickets/ticket.js';
import { dashboardData, topicOfEntryId, wholeRange, type DashboardData } from './dashboard-data.js';

/**
 * How many of the latest stored questions are read: as many as the SQLite store keeps (Redis keeps
 * 5,000), so the range's questions are all there unless the store has already dropped them.
 */
export const QUESTIONS_READ = 10_000;

/** Where the dashboard's figures come from. */
export interface DashboardSources {
  tickets: { all(): Promise<Ticket[]> };
  insights: Pick<InsightStore, 'feedbackByEntry' | 'recentQuestions'>;
  serviceLevelDays: number;
}

/** The days asked for, YYYY-MM-DD in Vietnam time (checked by the caller); a missing end is open. */
export interface DayRangeRequest {
  from?: string;
  to?: string;
}

/**
 * Reads the stores and computes the dashboard's figures for the days asked: what the console's
 * dashboard and `npm run staff -- stats` both call. Without a first day the range starts at the
 * first ticket or question; without a last day it ends today (or at the last ticket).
 */
export async function loadDashboard(sources: DashboardSources, request: DayRangeRequest, now: Date): Promise<DashboardData> {
  const [tickets, feedback, unanswered] = await Promise.all([sources.tickets.all(), sources.insights.feedbackByEntry(), sources.insights.recentQuestions(QUESTIONS_READ)]);
  const whole = request.from === undefined || request.to === undefined ? wholeRange(tickets, unanswered, now) : { from: now, to: now };
  const from = request.from === undefined ? undefined : new Date(vietnamDayStart(request.from));
  const to = request.to === undefined ? undefined : new Date(vietnamDayStart(request.to));
  return dashboardData({
    tickets,
    feedback,
    unanswered,
    topicOfEntry: topicOfEntryId,
    // An open end never makes the range end before it starts (--from next year, --to before any ticket).
    from: from ?? (to !== undefined && to < whole.from ? to : whole.from),
    to: to ?? (from !== undefined && from > whole.to ? from : whole.to),
    now,
    serviceLevelDays: sources.serviceLevelDays,
  });
}
