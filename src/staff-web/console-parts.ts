import type { ConsolePart } from './console-plugin.js';
import { accountsPart } from './parts/accounts-part.js';
import { queuePart } from './parts/queue-part.js';

/** The console's pages, each a part that registers its routes behind the login. */
export const CONSOLE_PARTS: ConsolePart[] = [queuePart, accountsPart];
