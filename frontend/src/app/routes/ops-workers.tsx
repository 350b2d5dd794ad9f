import { getRouteApi } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { SegmentedControl } from '../../components/ui/segmented-control';
import { usePrincipal } from '../../features/auth/api/get-me';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import {
  ErrorRatePanel,
  LatencyPanel,
  ThroughputPanel,
} from '../../features/workers/components/worker-metrics-panels';
import { WorkerHealthPanel } from '../../features/workers/components/worker-health-panel';
import { isPlatformPrincipal } from '../../lib/authorization';
import { METRIC_RANGES, type MetricRange } from '../../types/ops';
import { definedEntries } from '../search-params';

const routeApi = getRouteApi('/console/ops/workers');

const RANGE_LABELS: Record<MetricRange, string> = {
  '5m': '5 min',
  '1h': '1 hour',
  '24h': '24 hours',
  '7d': '7 days',
};

/** Worker fleet: health per type and instance, throughput, latency and error rate over a range. */
export function OpsWorkersRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  const tenantId = platform ? (search.tenant ?? null) : principal.tenant_id;
  const range = search.range ?? '1h';
  const params = { tenantId, range };

  return (
    <>
      <PageHeader
        title="Workers"
        description="Health of every worker type and instance, and how much, how fast and how reliably they process."
      />
      <div className="toolbar">
        <SegmentedControl
          label="Range"
          options={METRIC_RANGES}
          value={range}
          format={(option) => RANGE_LABELS[option]}
          onChange={(next) => void navigate({ search: (prev) => ({ ...prev, range: next }) })}
        />
        {platform ? (
          <TenantPicker
            label="Tenant"
            emptyLabel="All tenants"
            value={tenantId}
            onChange={(next) =>
              void navigate({ search: (prev) => definedEntries({ ...prev, tenant: next ?? undefined }) })
            }
          />
        ) : null}
      </div>
      <div className="stack">
        <WorkerHealthPanel scope={{ tenantId: null }} />
        <div className="chart-grid">
          <ThroughputPanel params={params} />
          <LatencyPanel
            params={params}
            workerType={search.latency ?? 'intake'}
            onWorkerTypeChange={(next) => void navigate({ search: (prev) => ({ ...prev, latency: next }) })}
          />
          <ErrorRatePanel params={params} />
        </div>
      </div>
    </>
  );
}
