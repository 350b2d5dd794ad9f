import { getRouteApi, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { DateTime } from '../../components/ui/date-time';
import { PageHeader } from '../../components/ui/page-header';
import { Panel } from '../../components/ui/panel';
import { StatCard } from '../../components/ui/stat-card';
import { EmptyState, Spinner } from '../../components/ui/states';
import { paths } from '../../config/paths';
import { useAlertStats } from '../../features/alerts/api/get-alert-stats';
import { useAlertHistory } from '../../features/alerts/api/list-alert-history';
import {
  AlertSeverityBadge,
  AlertStatusBadge,
  alertTypeLabel,
} from '../../features/alerts/components/alert-badges';
import { usePrincipal } from '../../features/auth/api/get-me';
import { useDlqStats } from '../../features/dlq/api/get-dlq-stats';
import { groupCount } from '../../features/dlq/components/dlq-series';
import { useCompliance } from '../../features/sla/api/get-compliance';
import { TenantPicker } from '../../features/tenants/components/tenant-picker';
import { useWorkerHealth } from '../../features/workers/api/get-worker-health';
import { useWorkerMetrics } from '../../features/workers/api/get-worker-metrics';
import { totalEvents } from '../../features/workers/components/worker-series';
import { isPlatformPrincipal } from '../../lib/authorization';
import { describeError } from '../../lib/errors';
import { formatNumber, formatPercent } from '../../lib/format';
import { PLATFORM_TENANT_ID } from '../../types/api';
import { definedEntries } from '../search-params';
import { QueryStates } from '../../components/ui/data-table';

const routeApi = getRouteApi('/console/ops');

/** Quick links that keep the chosen tenant (Workers is platform-wide and has none). */
const TENANT_QUICK_LINKS = [
  [paths.opsSla, 'SLA'],
  [paths.opsDlq, 'Dead letters'],
  [paths.opsAlertHistory, 'Alert history'],
  [paths.opsAlerts, 'Alert rules'],
] as const;

/** The Ops overview: the key figures, the latest alerts, the fleet's health and links onward. */
export function OpsHomeRoute() {
  const principal = usePrincipal();
  const search = routeApi.useSearch();
  const navigate = routeApi.useNavigate();
  const platform = isPlatformPrincipal(principal);
  const tenantId = platform ? (search.tenant ?? null) : principal.tenant_id;
  // Alerts belong to one owner: platform principals see the platform's own (worker health) unless they pick a tenant.
  const alertOwner = platform ? (tenantId ?? PLATFORM_TENANT_ID) : null;

  return (
    <>
      <PageHeader
        title="Operations overview"
        description="Exceptions, SLA compliance, dead letters, alerts and worker health at a glance."
      />
      {platform ? (
        <div className="toolbar">
          <TenantPicker
            value={tenantId}
            emptyLabel="All tenants"
            onChange={(next) => void navigate({ search: definedEntries({ tenant: next ?? undefined }) })}
          />
        </div>
      ) : null}
      <div className="stack">
        <section aria-label="Key figures" className="card-grid">
          <ExceptionsCard tenantId={tenantId} />
          <ComplianceCard tenantId={tenantId} />
          <DlqPendingCard tenantId={tenantId} />
          <ActiveAlertsCard owner={alertOwner} />
        </section>
        <div className="two-columns">
          <RecentAlertsPanel owner={alertOwner} />
          <div className="stack">
            <WorkerHealthOverview />
            <Panel title="Quick links">
              <ul className="quick-links">
                <li>
                  <Link className="btn" to={paths.opsWorkers}>
                    Workers
                  </Link>
                </li>
                {TENANT_QUICK_LINKS.map(([to, label]) => (
                  <li key={to}>
                    <Link className="btn" to={to} search={definedEntries({ tenant: search.tenant })}>
                      {label}
                    </Link>
                  </li>
                ))}
              </ul>
            </Panel>
          </div>
        </div>
      </div>
    </>
  );
}

interface CardQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: unknown;
  refetch: () => unknown;
}

/** A summary card with the loading and error states every panel has. */
function QueryCard({
  label,
  query,
  value,
  note,
}: {
  label: string;
  query: CardQuery;
  value: () => ReactNode;
  note?: () => ReactNode;
}) {
  if (query.isPending) return <StatCard label={label} value={<Spinner />} note="Loading…" />;
  if (query.isError && query.data === undefined) {
    return (
      <StatCard
        label={label}
        value="—"
        note={
          <span role="alert">
            Could not load: {describeError(query.error).title}.{' '}
            <button type="button" className="btn-link" onClick={() => void query.refetch()}>
              Try again
            </button>
          </span>
        }
      />
    );
  }
  return <StatCard label={label} value={value()} note={note?.()} />;
}

function ExceptionsCard({ tenantId }: { tenantId: string | null }) {
  const throughput = useWorkerMetrics('throughput', { tenantId, range: '24h' });
  return (
    <QueryCard
      label="Exceptions, last 24 h"
      query={throughput}
      value={() => formatNumber(throughput.data ? totalEvents(throughput.data, 'intake') : 0)}
      note={() => 'Taken in by the intake workers'}
    />
  );
}

function ComplianceCard({ tenantId }: { tenantId: string | null }) {
  const compliance = useCompliance({ tenantId, period: 'day' });
  const today = compliance.data?.buckets.at(-1);
  return (
    <QueryCard
      label="SLA compliance, 30 days"
      query={compliance}
      value={() => formatPercent(compliance.data?.summary.compliance_rate)}
      note={() =>
        today && today.total > 0
          ? `Today ${formatPercent(today.compliance_rate)} (${today.breached} breached of ${today.total})`
          : 'Nothing decided today yet'
      }
    />
  );
}

function DlqPendingCard({ tenantId }: { tenantId: string | null }) {
  const stats = useDlqStats({ tenantId, groupBy: 'status' });
  return (
    <QueryCard
      label="Dead letters pending"
      query={stats}
      value={() => formatNumber(stats.data ? groupCount(stats.data, 'pending') : 0)}
      note={() => (stats.data ? `${formatNumber(stats.data.total)} received in 30 days` : null)}
    />
  );
}

function ActiveAlertsCard({ owner }: { owner: string | null }) {
  const stats = useAlertStats(owner);
  return (
    <QueryCard
      label="Active alerts"
      query={stats}
      value={() => formatNumber(stats.data?.by_status.firing ?? 0)}
      note={() => `${formatNumber(stats.data?.by_status.acknowledged ?? 0)} acknowledged, not yet resolved`}
    />
  );
}

function RecentAlertsPanel({ owner }: { owner: string | null }) {
  const history = useAlertHistory(definedEntries({ tenant_id: owner ?? undefined }), 10);
  const alerts = history.data?.pages[0]?.items ?? [];
  return (
    <Panel
      title="Recent alerts"
      description="The last 10 alerts, newest first."
      actions={
        <Link
          className="btn btn-small"
          to={paths.opsAlertHistory}
          search={definedEntries({ tenant: owner ?? undefined })}
        >
          All alerts
        </Link>
      }
    >
      <QueryStates
        query={history}
        empty={alerts.length === 0}
        loadingLabel="Loading alerts…"
        errorTitle="Could not load alerts"
        emptyState={
          <EmptyState title="No alerts">
            <p>Nothing has crossed an alert rule's threshold.</p>
          </EmptyState>
        }
      />
      {alerts.length > 0 ? (
        <ul className="alert-list" aria-label="Recent alerts">
          {alerts.map((alert) => (
            <li key={alert.alert_id}>
              <AlertSeverityBadge severity={alert.severity} />
              <span className="cell-truncate" style={{ flex: 1 }} title={alert.title}>
                <Link
                  to={paths.opsAlertHistory}
                  search={definedEntries({ tenant: owner ?? undefined, alert: alert.alert_id })}
                >
                  {alert.title}
                </Link>
                <span className="muted"> · {alertTypeLabel(alert.alert_type)}</span>
              </span>
              <AlertStatusBadge status={alert.status} />
              <span className="muted">
                <DateTime compact value={alert.triggered_at} />
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}

function WorkerHealthOverview() {
  const health = useWorkerHealth({ tenantId: null });
  const counts = health.data?.counts;
  return (
    <Panel
      title="Worker health"
      description="Instances by status, from the latest probes."
      actions={
        <Link className="btn btn-small" to={paths.opsWorkers}>
          Details
        </Link>
      }
    >
      <QueryStates
        query={health}
        empty={counts?.total === 0}
        loadingLabel="Loading worker health…"
        errorTitle="Could not load worker health"
        emptyState={<EmptyState title="No workers registered" />}
      />
      {counts && counts.total > 0 ? (
        <div className="card-grid card-grid-3" aria-label="Instances by status" role="group">
          <StatCard tone="healthy" label="Healthy" value={counts.healthy} />
          <StatCard tone="degraded" label="Degraded" value={counts.degraded} />
          <StatCard tone="unhealthy" label="Unhealthy" value={counts.unhealthy} />
        </div>
      ) : null}
    </Panel>
  );
}
