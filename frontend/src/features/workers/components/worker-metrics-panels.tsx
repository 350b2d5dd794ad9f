import { Chart } from '../../../components/charts/chart';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { formatNumber, formatTickNumber } from '../../../lib/format';
import { WORKER_TYPES, type MetricRange, type WorkerType } from '../../../types/ops';
import { useWorkerMetrics, type WorkerMetricsParams } from '../api/get-worker-metrics';
import {
  errorRateRows,
  hasData,
  LATENCY_SERIES,
  latencyRows,
  throughputRows,
  workerTypeLabel,
  workerTypeSeries,
} from './worker-series';

const RANGE_WORDS: Record<MetricRange, string> = {
  '5m': 'the last 5 minutes',
  '1h': 'the last hour',
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
};

export function ThroughputPanel({ params }: { params: WorkerMetricsParams }) {
  const query = useWorkerMetrics('throughput', params);
  const rows = query.data ? throughputRows(query.data) : [];
  const series = query.data ? workerTypeSeries(query.data) : [];
  return (
    <Panel
      title="Throughput"
      description={`Events per second per worker type, ${RANGE_WORDS[params.range]}.`}
    >
      <MetricState
        query={query}
        what="throughput"
        empty={
          !hasData(
            rows,
            series.map((s) => s.key),
          )
        }
      >
        <Chart
          label="Throughput per worker type (events per second)"
          data={rows}
          series={series}
          formatValue={(value) => `${formatNumber(value)}/s`}
          formatTick={(value) => `${formatTickNumber(value)}/s`}
          summary={
            query.data
              ? `Average over ${RANGE_WORDS[params.range]}: ${query.data.items
                  .map(
                    (item) =>
                      `${workerTypeLabel(item.worker_type)} ${formatNumber(item.current.events_per_second)}/s`,
                  )
                  .join(' · ')}`
              : undefined
          }
        />
      </MetricState>
    </Panel>
  );
}

export function ErrorRatePanel({ params }: { params: WorkerMetricsParams }) {
  const query = useWorkerMetrics('errors', params);
  const rows = query.data ? errorRateRows(query.data) : [];
  const series = query.data ? workerTypeSeries(query.data) : [];
  const anyEvents = query.data?.items.some((item) => item.series.some((point) => point.events > 0)) ?? false;
  const failing = (query.data?.items ?? [])
    .filter((item) => item.current.error_rate_pct > 0)
    .map((item) => `${workerTypeLabel(item.worker_type)} ${formatNumber(item.current.error_rate_pct)} %`);
  return (
    <Panel
      title="Error rate"
      description={`Failed events as a percentage of all events, ${RANGE_WORDS[params.range]}.`}
    >
      <MetricState query={query} what="error rates" empty={!anyEvents}>
        <Chart
          label="Error rate per worker type (percent)"
          data={rows}
          series={series}
          formatValue={(value) => `${formatNumber(value)} %`}
          formatTick={(value) => `${formatTickNumber(value)} %`}
          summary={
            failing.length > 0
              ? `Over ${RANGE_WORDS[params.range]}: ${failing.join(' · ')}`
              : `No failures in ${RANGE_WORDS[params.range]}.`
          }
        />
      </MetricState>
    </Panel>
  );
}

export function LatencyPanel({
  params,
  workerType,
  onWorkerTypeChange,
}: {
  params: WorkerMetricsParams;
  workerType: WorkerType;
  onWorkerTypeChange: (workerType: WorkerType) => void;
}) {
  const query = useWorkerMetrics('latency', params);
  const rows = query.data ? latencyRows(query.data, workerType) : [];
  const current = query.data?.items.find((item) => item.worker_type === workerType)?.current;
  return (
    <Panel
      title="Latency"
      description={`Processing time percentiles of one worker type, ${RANGE_WORDS[params.range]}.`}
      actions={
        <label className="inline-field">
          <span className="field-label">Worker type</span>{' '}
          <select
            className="select"
            value={workerType}
            onChange={(event) => onWorkerTypeChange(event.target.value as WorkerType)}
          >
            {WORKER_TYPES.map((type) => (
              <option key={type} value={type}>
                {workerTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <MetricState query={query} what="latency" empty={!hasData(rows, ['p50', 'p95', 'p99'])}>
        <Chart
          label={`Latency of ${workerTypeLabel(workerType)} (p50, p95, p99 in milliseconds)`}
          data={rows}
          series={LATENCY_SERIES}
          formatValue={(value) => `${formatNumber(value)} ms`}
          summary={
            current
              ? `Over ${RANGE_WORDS[params.range]} (${formatNumber(current.events)} events): p50 ${formatNumber(current.p50_ms)} ms · p95 ${formatNumber(current.p95_ms)} ms · p99 ${formatNumber(current.p99_ms)} ms`
              : undefined
          }
        />
      </MetricState>
    </Panel>
  );
}

function MetricState({
  query,
  what,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; data: unknown; error: unknown; refetch: () => unknown };
  what: string;
  empty: boolean;
  children: React.ReactNode;
}) {
  if (query.isPending) return <LoadingState label={`Loading ${what}…`} />;
  if (query.isError && !query.data)
    return (
      <ErrorState error={query.error} title={`Could not load ${what}`} onRetry={() => void query.refetch()} />
    );
  if (empty)
    return (
      <EmptyState title="No events in this range">
        <p>Choose a longer range, or wait for workers to report traffic.</p>
      </EmptyState>
    );
  return <>{children}</>;
}
