import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import type { Locale } from '../conversation/session.js';
import type { Translate } from '../conversation/ports.js';

export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** Loads locales/<lang>/translation.json into a private i18next instance; returns fixed translators. */
export function createTranslator(localesDir: string): (locale: Locale) => Translate {
  const resources = Object.fromEntries(
    LOCALES.map((lng) => [lng, { translation: JSON.parse(readFileSync(join(localesDir, lng, 'translation.json'), 'utf8')) }]),
  );
  const i18n = i18next.createInstance();
  void i18n.init({
    resources,
    lng: 'vi',
    fallbackLng: 'vi',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // One fixed translator per language, never changeLanguage on a shared instance.
  const fixed = new Map(LOCALES.map((lng) => [lng, i18n.getFixedT(lng)]));
  return (locale) => {
    const t = fixed.get(locale)!;
    return (key, vars) => String(t(key, vars ?? {}));
  };
}
