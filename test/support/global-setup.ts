import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { repoRoot } from './fixtures.js';
import { PREBUILT_ENTRIES } from './prebuilt.js';

/**
 * Once per `vitest run`: bundles the bot (src/main.ts) and the CLIs into a fresh folder, so the
 * tests that spawn them start plain `node` on JavaScript instead of compiling the TypeScript with
 * tsx at every start (about 1.5 s of a 2-core machine each time). Packages stay external (loaded
 * from node_modules as usual); each source file's `import.meta.url` is kept as its own path. In
 * watch mode, with HTX_TEST_PREBUILT=0, or when the build fails, nothing is provided and the tests
 * run the sources with tsx.
 */
export default async function setup(project: TestProject): Promise<(() => void) | void> {
  project.provide('prebuiltDir', '');
  if (project.config.watch || process.env['HTX_TEST_PREBUILT'] === '0') return;
  const parent = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(parent, { recursive: true });
  removeStaleBuilds(parent);
  // Inside the repository (node_modules resolves from there) and its own per run (runs may overlap).
  const dir = mkdtempSync(join(parent, 'htx-prebuilt-'));
  chmodSync(dir, 0o755); // tests run some CLIs as another user
  try {
    await build({
      entryPoints: Object.fromEntries(PREBUILT_ENTRIES.map((e) => [e.replace('/', '-'), join(repoRoot, 'src', `${e}.ts`)])),
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      plugins: [
        {
          name: 'source-import-meta-url',
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
              contents: (await readFile(path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)),
              loader: 'ts',
            }));
          },
        },
      ],
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`test/support/global-setup.ts: could not bundle the entry points, the tests run them with tsx (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    return;
  }
  project.provide('prebuiltDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

/** The folders of runs that were killed before their teardown, a day later. */
function removeStaleBuilds(parent: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(parent)) {
    const dir = join(parent, name);
    if (name.startsWith('htx-prebuilt-') && statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
  }
}
