import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import type { Locale } from '../conversation/session.js';
import type { Translate } from '../conversation/ports.js';

export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** One fixed i18next translator per language over these resources (never changeLanguage on a shared instance). */
export function fixedTranslators(resources: Record<string, { translation: Record<string, unknown> }>): Map<Locale, TFunction> {
  const i18n = i18next.createInstance();
  void i18n.init({
    resources,
    lng: 'vi',
    fallbackLng: 'vi',
    initAsync: false,
    // Replies are plain text and pages escape what they print: escaping here would show &amp;.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return new Map(LOCALES.map((lng) => [lng, i18n.getFixedT(lng)]));
}

/** Loads locales/<lang>/translation.json into a private i18next instance; returns fixed translators. */
export function createTranslator(localesDir: string): (locale: Locale) => Translate {
  const resources = Object.fromEntries(
    LOCALES.map((lng) => [lng, { translation: JSON.parse(readFileSync(join(localesDir, lng, 'translation.json'), 'utf8')) }]),
  );
  const fixed = fixedTranslators(resources);
  // A key with the same variables always gives the same text: each is resolved by i18next once
  // (it is the hot path of every reply: menu labels, topic names, citation dates).
  const resolved = new Map<string, string>();
  return (locale) => {
    const t = fixed.get(locale)!;
    return (key, vars) => {
      const cacheKey = vars ? `${locale}\u0000${key}\u0000${JSON.stringify(vars)}` : `${locale}\u0000${key}`;
      let text = resolved.get(cacheKey);
      if (text === undefined) {
        text = String(vars ? t(key, vars) : t(key));
        if (resolved.size > 20_000) resolved.clear(); // bounded: variables are dates, counts, topic names
        resolved.set(cacheKey, text);
      }
      return text;
    };
  };
}
