import type { Capabilities } from '../capabilities.js';

/** Zalo shows no buttons, at most 2,000 characters a message, and no more than 5 numbered choices under an answer. */
export const ZALO_CAPABILITIES = { buttons: false, maxTextLength: 2000, maxAnswerChoices: 5 } as const satisfies Capabilities;
