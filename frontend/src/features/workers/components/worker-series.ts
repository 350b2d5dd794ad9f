import { CHART_COLORS, type ChartRow, type ChartSeries } from '../../../components/charts/chart-types';
import { bucketLabel } from '../../../components/charts/time-labels';
import type {
  ErrorFigures,
  LatencyFigures,
  MetricsResponse,
  ThroughputFigures,
  WorkerType,
} from '../../../types/ops';
import { WORKER_TYPES } from '../../../types/ops';

/**
 * Pure shaping of the worker metrics answers into chart rows: one row per time bucket, one column
 * per worker type (throughput, error rate) or per percentile (latency). No React here.
 */

function spanSeconds(response: { from: string; to: string }): number {
  return (Date.parse(response.to) - Date.parse(response.from)) / 1000;
}

/** Every bucket time in any item, in order (worker types may report different buckets). */
function bucketTimes(items: { series: { t: string }[] }[]): string[] {
  return [...new Set(items.flatMap((item) => item.series.map((point) => point.t)))].sort();
}

function perTypeRows<F>(
  response: MetricsResponse<F>,
  pick: (figures: F) => number | null,
  workerTypes?: readonly WorkerType[],
): ChartRow[] {
  const items = response.items.filter((item) => !workerTypes || workerTypes.includes(item.worker_type));
  const span = spanSeconds(response);
  const byType = new Map(
    items.map((item) => [item.worker_type, new Map(item.series.map((point) => [point.t, point]))]),
  );
  return bucketTimes(items).map((t) => {
    const row: ChartRow = { label: bucketLabel(t, span), t };
    for (const item of items) {
      const point = byType.get(item.worker_type)?.get(t);
      row[item.worker_type] = point ? round(pick(point)) : null;
    }
    return row;
  });
}

export function throughputRows(response: MetricsResponse<ThroughputFigures>): ChartRow[] {
  return perTypeRows(response, (figures) => figures.events_per_second);
}

export function errorRateRows(response: MetricsResponse<ErrorFigures>): ChartRow[] {
  return perTypeRows(response, (figures) => figures.error_rate_pct);
}

/** p50/p95/p99 of one worker type over time; buckets without events are gaps (null). */
export function latencyRows(response: MetricsResponse<LatencyFigures>, workerType: WorkerType): ChartRow[] {
  const item = response.items.find((candidate) => candidate.worker_type === workerType);
  if (!item) return [];
  const span = spanSeconds(response);
  return item.series.map((point) => ({
    label: bucketLabel(point.t, span),
    t: point.t,
    p50: round(point.p50_ms),
    p95: round(point.p95_ms),
    p99: round(point.p99_ms),
  }));
}

export const LATENCY_SERIES: ChartSeries[] = [
  { key: 'p50', label: 'p50', color: CHART_COLORS[1] },
  { key: 'p95', label: 'p95', color: CHART_COLORS[2] },
  { key: 'p99', label: 'p99', color: CHART_COLORS[3] },
];

/** One series per worker type present in the answer, each type keeping its colour everywhere. */
export function workerTypeSeries(response: { items: { worker_type: WorkerType }[] }): ChartSeries[] {
  return response.items.map((item) => ({
    key: item.worker_type,
    label: workerTypeLabel(item.worker_type),
    color: CHART_COLORS[WORKER_TYPES.indexOf(item.worker_type) % CHART_COLORS.length]!,
  }));
}

/** True when no bucket of any series has a number (nothing to draw). */
export function hasData(rows: ChartRow[], keys: string[]): boolean {
  return rows.some((row) => keys.some((key) => typeof row[key] === 'number' && row[key] !== 0));
}

/** Total events over the range of one worker type (e.g. exceptions taken in by intake). */
export function totalEvents(response: MetricsResponse<{ events: number }>, workerType: WorkerType): number {
  const item = response.items.find((candidate) => candidate.worker_type === workerType);
  return item ? item.series.reduce((sum, point) => sum + point.events, 0) : 0;
}

export function workerTypeLabel(workerType: string): string {
  const words = workerType.replace(/_/g, ' ').replace(/^sla /, 'SLA ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}
