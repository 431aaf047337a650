import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { repoRoot } from './fixtures.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder test/support/global-setup.ts bundled the entry points into ('' when it did not). */
    prebuiltDir: string;
  }
}

/** The entry points bundled once per `vitest run`: the bot and the CLIs the tests spawn. */
export const PREBUILT_ENTRIES = ['main', 'cli/staff', 'cli/export', 'cli/content-export', 'cli/content-check', 'cli/ask', 'cli/report'] as const;
export type PrebuiltEntry = (typeof PREBUILT_ENTRIES)[number];

function prebuiltDir(): string {
  try {
    return inject('prebuiltDir') ?? '';
  } catch {
    return ''; // not inside a vitest worker (a bench script)
  }
}

/**
 * How to run `src/<entry>.ts` in a process of its own: the bundle the global setup built for this
 * run (plain `node`, no TypeScript compiled at each start), or else `node --import tsx` on the
 * source, as before. Same code either way: the bundle is src/ with its imports inlined (packages
 * stay in node_modules) and `import.meta.url` still naming each source file, so the bot finds
 * flows/, locales/ and its static files where it always does.
 */
export function nodeArgs(entry: PrebuiltEntry): string[] {
  const dir = prebuiltDir();
  const bundle = dir && join(dir, `${entry.replace('/', '-')}.mjs`);
  if (bundle && existsSync(bundle)) return [bundle];
  return ['--import', 'tsx', join(repoRoot, 'src', `${entry}.ts`)];
}

/** `nodeArgs` as one command, for spawnSync/execFileSync callers. */
export function nodeCommand(entry: PrebuiltEntry): [string, string[]] {
  return [process.execPath, nodeArgs(entry)];
}
