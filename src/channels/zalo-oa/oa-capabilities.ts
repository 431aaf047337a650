import type { Capabilities } from '../capabilities.js';

/**
 * A customer-service text message on an OA: at most 2,000 characters, and no quick replies (the OA's
 * button templates are not offered for every OA's CS messages), so choices are a numbered list.
 */
export const ZALO_OA_CAPABILITIES = { buttons: false, maxTextLength: 2000, maxAnswerChoices: 5 } as const satisfies Capabilities;
