import { Chart } from '../../../components/charts/chart';
import { Panel } from '../../../components/ui/panel';
import { StatCard } from '../../../components/ui/stat-card';
import { EmptyState } from '../../../components/ui/states';
import { formatNumber } from '../../../lib/format';
import { useDlqStats } from '../api/get-dlq-stats';
import { GROWTH_SERIES, groupCount, growthRows } from './dlq-series';
import { QueryStates } from '../../../components/ui/data-table';

/** Counts per status and the daily growth of the dead-letter queue over the last 30 days. */
export function DlqGrowthPanel({ tenantId }: { tenantId: string | null }) {
  const stats = useDlqStats({ tenantId, groupBy: 'status' });
  return (
    <Panel title="Growth" description="Entries received per day and their running total, last 30 days.">
      <QueryStates
        query={stats}
        empty={stats.data?.total === 0}
        loadingLabel="Loading DLQ statistics…"
        errorTitle="Could not load DLQ statistics"
        emptyState={<EmptyState title="No dead letters in the last 30 days" />}
      />
      {stats.data && stats.data.total > 0 ? (
        <div className="stack">
          <div className="card-grid">
            {(['pending', 'retrying', 'succeeded', 'failed', 'discarded'] as const).map((status) => (
              <StatCard key={status} label={status} value={formatNumber(groupCount(stats.data, status))} />
            ))}
          </div>
          <Chart
            label="Dead letters received per day and running total"
            kind="area"
            data={growthRows(stats.data)}
            series={GROWTH_SERIES}
            formatValue={(value) => formatNumber(value)}
            height={180}
          />
        </div>
      ) : null}
    </Panel>
  );
}
