import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/fixtures.js';

const AXE = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** Serious or critical accessibility problems axe-core finds on the page as it is now ("rule: where"). */
export async function axeProblems(page: Page): Promise<string[]> {
  // The CSP refuses an injected <script>; evaluating through the DevTools protocol is not a page script.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> };
    const r = await (window as unknown as { axe: { run(): Promise<Result> } }).axe.run();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
