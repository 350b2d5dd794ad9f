/**
 * A small reader of the Prometheus text exposition format (0.0.4): enough to pick samples by
 * metric name and labels. prom-client only writes this format, and no parser is installed; the
 * format is line-based and simple, and a scrape must never throw on garbage, so lines that do not
 * parse are skipped.
 */

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?\s*$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

const unescape = (value: string) =>
  value.replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character));

function parseLabels(text: string): Record<string, string> | null {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match) return text.slice(start).trim() === '' ? labels : null;
    labels[match[1]!] = unescape(match[2]!);
  }
  return labels;
}

function parseValue(text: string): number | null {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}

/** The samples of a Prometheus text document; comments and unreadable lines are skipped. */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) continue;
    const labels = match[3] === undefined ? {} : parseLabels(match[3]);
    const value = parseValue(match[4]!);
    if (labels === null || value === null) continue;
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** Queue lag a worker reports as `worker_queue_lag_messages{queue}` (finite, non-negative values). */
export function queueLagFromMetrics(samples: readonly PrometheusSample[]): Record<string, number> {
  const lag: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name !== 'worker_queue_lag_messages') continue;
    if (!Number.isFinite(sample.value) || sample.value < 0) continue;
    const queue = sample.labels.queue ?? 'default';
    lag[queue] = (lag[queue] ?? 0) + sample.value;
  }
  return lag;
}
