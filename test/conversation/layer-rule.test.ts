import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [/^grammy/, /^@grammyjs\//, /^axios/, /^ioredis/, /^better-sqlite3/, /^bullmq/, /^pino/, /^node:/, /^(fs|http|https|net|child_process)$/];
const coreDir = join(import.meta.dirname, '../../src/conversation');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Runtime imports (type-only imports vanish at compile time and are allowed). */
function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^\s*import\s+(?!type\s)([\s\S]*?)\s+from\s+'([^']+)'/gm)) out.push(m[2]!);
  for (const m of source.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push(m[1]!);
  for (const m of source.matchAll(/import\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  return out;
}

describe('the conversation core', () => {
  it('imports no platform, database, logging or Node I/O module', () => {
    const offenders: string[] = [];
    const coreFiles = files(coreDir);
    expect(coreFiles.length).toBeGreaterThan(5);
    for (const file of coreFiles) {
      for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
        if (FORBIDDEN.some((re) => re.test(spec))) offenders.push(`${relative(coreDir, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('reaches outside its folder only for pure helpers (normaliser, topic list, entry period, reference codes, Vietnam time, phone display)', () => {
    const outside = new Set<string>();
    for (const file of files(coreDir)) {
      for (const spec of runtimeImports(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = relative(coreDir, join(file, '..', spec));
          if (target.startsWith('..')) outside.add(target);
        }
      }
    }
    expect([...outside].filter((t) => !['../knowledge/normalize.js', '../knowledge/topics.js', '../knowledge/entry.js', '../tickets/reference-code.js', '../time/vietnam-time.js', '../profile/phone-display.js'].includes(t))).toEqual([]);
  });
});
