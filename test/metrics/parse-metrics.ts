/** One sample of the Prometheus text format: `name{label="value",…} number`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a scrape, and the names of every series it declares (# TYPE), sampled or not yet. */
export interface Samples {
  all: Sample[];
  names: Set<string>;
}

/** Reads the text a Prometheus scrape gets (what prom-client's registry.metrics() writes). */
export function parseMetrics(text: string): Samples {
  const all: Sample[] = [];
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const declared = /^# TYPE (\S+) /.exec(line);
    if (declared) names.add(declared[1]!);
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    all.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { all, names };
}

/** The sum of the samples of `name` whose labels include `labels` (0 when there is none). */
export function sampleOf(samples: Samples, name: string, labels: Record<string, string> = {}): number {
  return samples.all
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
