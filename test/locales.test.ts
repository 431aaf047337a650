import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FILES = ['translation.json', 'console.json'] as const;
const read = (lng: string, file: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'locales', lng, file), 'utf8')) as Record<string, unknown>;

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe.each(FILES)('locales/*/%s', (file) => {
  const load = (lng: string) => read(lng, file);
  it('have the same keys in Vietnamese and English', () => {
    expect(keys(load('en')).sort()).toEqual(keys(load('vi')).sort());
  });

  it('use the same interpolation variables in both languages', () => {
    const vi = load('vi');
    const en = load('en');
    const get = (o: Record<string, unknown>, k: string) => k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string;
    for (const k of keys(vi)) {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(vars(get(en, k)), k).toEqual(vars(get(vi, k)));
    }
  });
});
