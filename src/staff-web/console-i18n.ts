import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Translate } from '../conversation/ports.js';
import type { Locale } from '../conversation/session.js';
import { fixedTranslators, LOCALES } from '../i18n/create-translator.js';

/**
 * The console's words: locales/<lang>/console.json, with the bot's translation.json beside it so
 * a page names kinds, states and topics exactly as the bot and the CLI do.
 */
export function createConsoleTranslator(localesDir: string): (locale: Locale) => Translate {
  const read = (lng: string, file: string) => JSON.parse(readFileSync(join(localesDir, lng, file), 'utf8')) as Record<string, unknown>;
  const fixed = fixedTranslators(Object.fromEntries(LOCALES.map((lng) => [lng, { translation: { ...read(lng, 'translation.json'), console: read(lng, 'console.json') } }])));
  return (locale) => {
    const t = fixed.get(locale)!;
    return (key, vars) => String(vars ? t(key, vars) : t(key));
  };
}
