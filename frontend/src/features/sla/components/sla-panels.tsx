import { Chart } from '../../../components/charts/chart';
import { DateTime } from '../../../components/ui/date-time';
import { Panel } from '../../../components/ui/panel';
import { StatCard } from '../../../components/ui/stat-card';
import { DataTable, LoadMore, QueryStates } from '../../../components/ui/data-table';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { describeError } from '../../../lib/errors';
import { formatDuration, formatNumber, formatPercent, formatShortDuration } from '../../../lib/format';
import { useAtRisk } from '../api/get-at-risk';
import { useCompliance, type SlaParams } from '../api/get-compliance';
import { useResolutionTime } from '../api/get-resolution-time';
import { useBreaches } from '../api/list-breaches';
import {
  BREACH_SERIES,
  breachRows,
  COMPLIANCE_SERIES,
  complianceRows,
  hasDecisions,
  RESOLUTION_SERIES,
  resolutionRows,
} from './sla-series';
import { SeverityBadge } from './severity-badge';

const PERIOD_WORDS = { day: 'per day', week: 'per week', month: 'per month' } as const;

/** Compliance and breach trends, from one compliance answer. */
export function ComplianceTrendPanels({ params, extra }: { params: SlaParams; extra?: React.ReactNode }) {
  const query = useCompliance(params);
  const compliance = query.data;
  const state = query.isPending ? (
    <LoadingState label="Loading compliance…" />
  ) : query.isError && !compliance ? (
    <ErrorState
      error={query.error}
      title="Could not load SLA compliance"
      onRetry={() => void query.refetch()}
    />
  ) : compliance && !hasDecisions(compliance) ? (
    <EmptyState title="No SLA decisions in this period">
      <p>Compliance appears once exceptions are resolved or breach their deadline.</p>
    </EmptyState>
  ) : null;
  return (
    <>
      {compliance ? (
        <div className="card-grid">
          <StatCard
            label="Compliance"
            value={formatPercent(compliance.summary.compliance_rate)}
            note={
              compliance.change_points === null
                ? 'No earlier period to compare'
                : `${compliance.change_points >= 0 ? '+' : ''}${formatNumber(compliance.change_points)} points vs. the period before`
            }
          />
          <StatCard label="Met" value={formatNumber(compliance.summary.met)} />
          <StatCard label="Breached" value={formatNumber(compliance.summary.breached)} />
        </div>
      ) : null}
      <div className="chart-grid">
        <Panel
          title="Compliance trend"
          description={`Percent of SLAs met, ${PERIOD_WORDS[params.period]}${compliance ? ` (days in ${compliance.time_zone})` : ''}.`}
        >
          {state ??
            (compliance ? (
              <>
                {query.isRefetchError ? (
                  <p className="inline-warning" role="status">
                    Showing earlier data: the last refresh failed ({describeError(query.error).title}).
                  </p>
                ) : null}
                <Chart
                  label="SLA compliance rate (percent)"
                  data={complianceRows(compliance)}
                  series={COMPLIANCE_SERIES}
                  formatValue={(value) => `${formatNumber(value)} %`}
                />
              </>
            ) : null)}
        </Panel>
        <Panel title="Breach trend" description={`Breached and met SLAs, ${PERIOD_WORDS[params.period]}.`}>
          {state ??
            (compliance ? (
              <Chart
                label="SLA breaches and met SLAs (count)"
                kind="bar"
                stacked
                data={breachRows(compliance)}
                series={BREACH_SERIES}
                formatValue={(value) => formatNumber(value)}
              />
            ) : null)}
        </Panel>
        {extra}
      </div>
    </>
  );
}

export function ResolutionTimePanel({ params }: { params: SlaParams }) {
  const query = useResolutionTime(params);
  const rows = query.data ? resolutionRows(query.data) : [];
  const words = { day: 'today', week: 'the last 7 days', month: 'the last 30 days' } as const;
  return (
    <Panel
      title="Time to resolution"
      description={`By severity, exceptions resolved ${words[params.period]}.`}
    >
      <QueryStates
        query={query}
        empty={rows.length === 0}
        loadingLabel="Loading resolution times…"
        errorTitle="Could not load resolution times"
        emptyState={<EmptyState title="Nothing resolved in this period" />}
      />
      {query.data && rows.length > 0 ? (
        <Chart
          label="Time to resolution by severity (minutes)"
          kind="bar"
          data={rows}
          series={RESOLUTION_SERIES}
          formatValue={(minutes) => formatDuration(minutes * 60_000)}
          formatTick={(minutes) => formatShortDuration(minutes * 60_000)}
          summary={`Overall median ${formatDuration(query.data.overall.p50_ms)} over ${formatNumber(query.data.overall.count)} resolved exceptions.`}
        />
      ) : null}
    </Panel>
  );
}

export function AtRiskPanel({ tenantId }: { tenantId: string | null }) {
  const query = useAtRisk(tenantId);
  const items = query.data?.items ?? [];
  return (
    <Panel
      title="At risk"
      description="Open exceptions that have used at least 80 % of their SLA window, closest deadline first."
    >
      <QueryStates
        query={query}
        empty={items.length === 0}
        loadingLabel="Loading at-risk exceptions…"
        errorTitle="Could not load at-risk exceptions"
        emptyState={
          <EmptyState title="Nothing at risk">
            <p>No open exception is close to its SLA deadline.</p>
          </EmptyState>
        }
      />
      {items.length > 0 ? (
        <DataTable
          columns={[
            tenantId === null && 'Tenant',
            'Exception',
            'Severity',
            'Deadline',
            'Time left',
            'Elapsed',
            'Breach predicted',
          ]}
          footer={
            query.data?.truncated ? (
              <p className="muted">More open exceptions exist than were examined.</p>
            ) : null
          }
        >
          {items.map((item) => (
            <tr key={item.exception_id}>
              {tenantId === null ? <td>{item.tenant_id}</td> : null}
              <td>
                <code>{item.exception_id}</code>
                <div className="muted">{item.type}</div>
              </td>
              <td>
                <SeverityBadge severity={item.severity} />
              </td>
              <td>
                <DateTime compact value={item.sla_deadline} />
              </td>
              <td className="nowrap">
                {item.time_remaining_ms < 0
                  ? `overdue by ${formatDuration(-item.time_remaining_ms)}`
                  : formatDuration(item.time_remaining_ms)}
              </td>
              <td className="nowrap">
                <progress
                  className="progress"
                  max={100}
                  value={Math.min(item.percent_elapsed, 100)}
                  aria-label="Elapsed"
                />{' '}
                {formatPercent(item.percent_elapsed)}
              </td>
              <td>{item.predicted_breach === null ? '—' : item.predicted_breach ? 'Likely' : 'Unlikely'}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Panel>
  );
}

export function BreachHistoryPanel({ tenantId }: { tenantId: string | null }) {
  const query = useBreaches({ tenantId, from: null, to: null });
  const breaches = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Panel title="Breach history" description="Breached SLAs of the last 30 days, latest deadline first.">
      <QueryStates
        query={query}
        empty={breaches.length === 0}
        loadingLabel="Loading breaches…"
        errorTitle="Could not load breaches"
        emptyState={<EmptyState title="No breaches in the last 30 days" />}
      />
      {breaches.length > 0 ? (
        <>
          <DataTable
            columns={[
              tenantId === null && 'Tenant',
              'Exception',
              'Type',
              'Severity',
              'Created',
              'Deadline (breach)',
              'Resolved',
              'Detected by',
            ]}
          >
            {breaches.map((breach) => (
              <tr key={`${breach.tenant_id}-${breach.exception_id}-${breach.sla_deadline}`}>
                {tenantId === null ? <td>{breach.tenant_id}</td> : null}
                <td>
                  <code>{breach.exception_id}</code>
                </td>
                <td>{breach.type}</td>
                <td>
                  <SeverityBadge severity={breach.severity} />
                </td>
                <td>
                  <DateTime compact value={breach.created_at} />
                </td>
                <td>
                  <DateTime compact value={breach.sla_deadline} />
                </td>
                <td>
                  <DateTime compact value={breach.resolved_at} fallback="Open" />
                </td>
                <td>{breach.detected_by}</td>
              </tr>
            ))}
          </DataTable>
          <LoadMore
            query={query}
            allLoaded={
              <>
                {breaches.length} breach{breaches.length === 1 ? '' : 'es'}, all loaded.
              </>
            }
          />
        </>
      ) : null}
    </Panel>
  );
}
