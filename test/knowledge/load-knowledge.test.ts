import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateKnowledge } from '../../src/knowledge/load-knowledge.js';
import { fixtureFlowsDir } from '../support/fixtures.js';

/** The fixture tax file with one edit, in a folder of its own. */
function withTaxFile(edit: (yaml: string) => string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'htx-kb-'));
  writeFileSync(join(dir, 'tax.yaml'), edit(readFileSync(join(fixtureFlowsDir, 'knowledge', 'tax.yaml'), 'utf8')));
  return validateKnowledge(dir).problems;
}

describe('the content check on time', () => {
  it('accepts the fixture: history entries marked, the rule in force first', () => {
    expect(withTaxFile((y) => y)).toEqual([]);
  });

  it('fails an entry whose main basis was replaced when the entry is not marked as history', () => {
    const problems = withTaxFile((y) => y.replace('    period: { from: "2009-01-01", to: "2024-12-31" }\n    supersededBy: tax-cit-farming-income\n', ''));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/tax\.yaml: entry tax-cit-old-law-2024: field sources\.0: the main basis 14\/2008\/QH12 has been replaced by 67\/2025\/QH15; mark the entry as history/);
  });

  it('fails a supersededBy that names no entry', () => {
    const problems = withTaxFile((y) => y.replace('supersededBy: tax-cit-farming-income', 'supersededBy: tax-nothing'));
    expect(problems).toEqual([expect.stringContaining('entry tax-cit-old-law-2024: field supersededBy: "tax-nothing" is not an entry id')]);
  });

  it('fails a deadline that is not a date, naming the line', () => {
    const problems = withTaxFile((y) => y.replace('- date: "2026-11-02"', '- date: "2/11/2026"'));
    expect(problems).toEqual([expect.stringMatching(/tax\.yaml:\d+: entry tax-deferral-2026, field deadlines\.0\.date: expected an ISO date/)]);
  });
});
