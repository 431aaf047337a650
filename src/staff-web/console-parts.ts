import type { ConsolePart } from './console-plugin.js';
import { accountsPart } from './parts/accounts-part.js';
import { announcementsPart } from './parts/announcements-part.js';
import { conferencesPart } from './parts/conferences-part.js';
import { exportsPart } from './parts/exports-part.js';
import { knowledgePart } from './parts/knowledge-part.js';
import { savedRepliesPart } from './parts/saved-replies-part.js';
import { dashboardPart } from './parts/dashboard-part.js';
import { organisationPart } from './parts/organisation-part.js';
import { queuePart } from './parts/queue-part.js';
import { reviewPart } from './parts/review-part.js';
import { ticketPart } from './parts/ticket-part.js';

/** The console's pages, each a part that registers its routes behind the login. */
export const CONSOLE_PARTS: ConsolePart[] = [queuePart, ticketPart, dashboardPart, conferencesPart, savedRepliesPart, exportsPart, knowledgePart, reviewPart, organisationPart, accountsPart, announcementsPart];
