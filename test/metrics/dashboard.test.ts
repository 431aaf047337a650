import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.js';
import { repoRoot } from '../support/fixtures.js';
import { parseMetrics } from './parse-metrics.js';

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
}

const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'grafana-dashboard.json'), 'utf8')) as { panels: Panel[]; templating: { list: Array<{ name: string }> } };

describe('the Grafana dashboard (deploy/grafana-dashboard.json)', () => {
  it('plots only series the app exposes', async () => {
    const metrics = createMetrics({ backlog: async () => [{ channel: 'telegram', pending: 1, oldestEnqueuedAt: Date.now() }] });
    const exposed = parseMetrics(await metrics.registry.metrics()).names;
    const plotted = dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => t.expr.match(/\bhtx_\w+/g) ?? []);
    expect(plotted.length).toBeGreaterThan(10);
    for (const name of plotted) expect(exposed.has(name.replace(/_(bucket|count|sum)$/, '')), name).toBe(true);
  });

  it('has a panel for each thing an operator watches, on a Prometheus chosen at import', () => {
    const titles = dashboard.panels.filter((p) => p.type === 'timeseries').map((p) => p.title.toLowerCase());
    for (const watched of ['updates', 'answers', 'tickets filed', 'tickets closed', 'queue depth', 'oldest pending', 'failures', 'rate-limited', 'p95 latency', 'event loop lag', 'memory']) {
      expect(titles.some((t) => t.includes(watched)), watched).toBe(true);
    }
    expect(dashboard.templating.list.map((v) => v.name)).toContain('datasource');
  });
});
