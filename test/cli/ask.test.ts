import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { nodeArgs } from '../support/prebuilt.js';

const ask = (args: string[], input?: string) =>
  spawnSync(process.execPath, [...nodeArgs('cli/ask'), ...args], { input, encoding: 'utf8', cwd: repoRoot, timeout: 30_000 });

describe('npm run ask', () => {
  it('prints the answer as a member sees it, with its basis and numbered choices', () => {
    const out = ask(['htx vay von uu dai o dau']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('Căn cứ:');
    expect(out.stdout).toMatch(/\n1\. /);
  });

  it('prints one JSON object in the agreed shape with --json', () => {
    const out = ask(['--json', 'htx co phai nop thue tndn khong']);
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const json = JSON.parse(lines[0]!);
    expect(Object.keys(json).sort()).toEqual(['alternatives', 'confident', 'entryId', 'sources', 'title', 'topic']);
    expect(json.topic).toBe('tax');
    if (json.confident) {
      expect(json.entryId).toMatch(/^tax-/);
      expect(json.sources[0].number).toBeTruthy();
    }
  });

  it('reads one question per line from stdin and prints one JSON line each', () => {
    const out = ask([], 'gia vang hom nay\nthue mon bai 2026\n\n');
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ topic: null, confident: false, entryId: null, alternatives: [] });
    expect(lines[1].topic).toBe('tax');
  });

  it('rejects an unknown option on stderr, with nothing on stdout', () => {
    const out = ask(['--frobnicate', 'x']);
    expect(out.status).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('unknown option --frobnicate');
  });
});
