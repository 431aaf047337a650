import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyContactFields } from '../../src/conversation/organisation.js';
import { loadFlows } from '../../src/flows/load-flows.js';
import { ContentError } from '../../src/knowledge/load-knowledge.js';
import { realFlowsDir } from '../support/fixtures.js';

function flowsWithOrganisation(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'htx-flows-'));
  cpSync(realFlowsDir, dir, { recursive: true });
  writeFileSync(join(dir, 'organisation.yaml'), yaml);
  return dir;
}

describe('the organisation (flows/organisation.yaml)', () => {
  it('is data: a deployment fills its contact without touching code, and empty fields stay unknown', () => {
    const flows = loadFlows(flowsWithOrganisation('name: { vi: Liên minh HTX tỉnh X, en: X Cooperative Alliance }\nphone: "0204 3854 123"\nwebsite: https://lmhtx.example.vn\n'));
    expect(flows.organisation.phone).toBe('0204 3854 123');
    expect(emptyContactFields(flows.organisation)).toEqual(['address', 'email', 'officeHours', 'zalo']);
  });

  it('refuses a field that is not what it says, naming the file and the field', () => {
    const dir = flowsWithOrganisation('name: { vi: A, en: A }\nphone: "gọi cho chị Lan"\n');
    expect(() => loadFlows(dir)).toThrow(ContentError);
    expect(() => loadFlows(dir)).toThrow(/organisation\.yaml: field phone: expected a phone number/);
  });

  it('ships with the name and no invented contact detail', () => {
    const flows = loadFlows(realFlowsDir);
    expect(flows.organisation.name.vi).toBe('Liên minh Hợp tác xã tỉnh Bắc Ninh');
  });
});
