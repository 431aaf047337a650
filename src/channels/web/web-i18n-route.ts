import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpServer } from '../../http/create-server.js';
import { LOCALES } from '../../i18n/create-translator.js';
import { projectRoot } from '../../paths.js';

/** Where the page's own strings (title, placeholder, buttons, notices) are served: /web-i18n/vi.json, /web-i18n/en.json. */
export const WEB_I18N_PATH = '/web-i18n';

/**
 * Serves locales/<lang>/web.json — the page chrome's strings — so the page follows the member's
 * language without a build step. Read once at start; a missing or broken file stops start-up.
 */
export function webI18nRoutes(http: HttpServer, localesDir = join(projectRoot, 'locales')): void {
  for (const lang of LOCALES) {
    const strings = JSON.parse(readFileSync(join(localesDir, lang, 'web.json'), 'utf8')) as Record<string, string>;
    http.get(`${WEB_I18N_PATH}/${lang}.json`, async (_request, reply) => reply.header('cache-control', 'no-cache').send(strings));
  }
}
