import { Fragment, useState } from 'react';
import { DateTime } from '../../../components/ui/date-time';
import { Panel } from '../../../components/ui/panel';
import { StatCard } from '../../../components/ui/stat-card';
import { EmptyState } from '../../../components/ui/states';
import { describeError } from '../../../lib/errors';
import { formatNumber } from '../../../lib/format';
import type { OpsScope } from '../../../lib/query-keys';
import type { InstanceHealth, WorkerHealth, WorkerTypeSummary } from '../../../types/ops';
import { useWorkerHealth } from '../api/get-worker-health';
import { HealthBadge } from './health-badge';
import { workerTypeLabel } from './worker-series';
import { DataTable, QueryStates } from '../../../components/ui/data-table';

/** The fleet's health: one card per worker type, then every instance, grouped and expandable. */
export function WorkerHealthPanel({ scope }: { scope: OpsScope }) {
  const health = useWorkerHealth(scope);
  return (
    <>
      <Panel
        title="Worker types"
        description={
          health.data?.generated_at ? (
            <>
              Health snapshot of <DateTime value={health.data.generated_at} />
              {health.data.stale ? ' (stale: the last probe round is overdue)' : ''}
            </>
          ) : (
            'Status and instances per worker type, from the latest health probes.'
          )
        }
      >
        <QueryStates
          query={health}
          empty={health.data?.summary.length === 0}
          loadingLabel="Loading worker health…"
          errorTitle="Could not load worker health"
          emptyState={
            <EmptyState title="No workers registered">
              <p>Workers appear here once they register and send heartbeats.</p>
            </EmptyState>
          }
        />
        {health.data && health.data.summary.length > 0 ? (
          <>
            {health.isRefetchError ? (
              <p className="inline-warning" role="status">
                Showing earlier data: the last refresh failed ({describeError(health.error).title}).
              </p>
            ) : null}
            <WorkerTypeCards summary={health.data.summary} />
          </>
        ) : null}
      </Panel>
      {health.data && health.data.items.length > 0 ? <InstancesPanel health={health.data} /> : null}
    </>
  );
}

export function WorkerTypeCards({ summary }: { summary: WorkerTypeSummary[] }) {
  return (
    <ul className="card-grid" aria-label="Worker types" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {summary.map((type) => (
        <li key={type.worker_type} aria-label={`${workerTypeLabel(type.worker_type)}: ${type.status}`}>
          <StatCard
            tone={type.status}
            label={workerTypeLabel(type.worker_type)}
            value={<HealthBadge status={type.status} />}
            note={
              <>
                {type.counts.healthy} of {type.instances} instance{type.instances === 1 ? '' : 's'} healthy
                {type.counts.unhealthy > 0 ? `, ${type.counts.unhealthy} unhealthy` : ''}
                {type.counts.degraded > 0 ? `, ${type.counts.degraded} degraded` : ''}
                {type.reason ? <span className="muted"> — {type.reason}</span> : null}
              </>
            }
          />
        </li>
      ))}
    </ul>
  );
}

function InstancesPanel({ health }: { health: WorkerHealth }) {
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const toggle = (workerType: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(workerType)) next.delete(workerType);
      else next.add(workerType);
      return next;
    });
  return (
    <Panel title="Instances" description="Expand a worker type to see each instance's last probe.">
      <DataTable columns={['Worker type', 'Status', 'Instances', 'Health score']}>
        {health.summary.map((type) => {
          const expanded = open.has(type.worker_type);
          const rowsId = `instances-${type.worker_type}`;
          const instances = health.items.filter((item) => item.worker_type === type.worker_type);
          return (
            <Fragment key={type.worker_type}>
              <tr className={expanded ? 'row-expanded' : undefined}>
                <td>
                  <button
                    type="button"
                    className="btn-link"
                    aria-expanded={expanded}
                    aria-controls={rowsId}
                    onClick={() => toggle(type.worker_type)}
                  >
                    <span className={`chevron${expanded ? ' chevron-open' : ''}`} aria-hidden="true" />{' '}
                    {expanded ? 'Hide' : 'Show'} instances of {workerTypeLabel(type.worker_type)}
                  </button>
                </td>
                <td>
                  <HealthBadge status={type.status} />
                </td>
                <td>{type.instances}</td>
                <td>{formatNumber(type.health_score)}</td>
              </tr>
              <tr id={rowsId} hidden={!expanded} className="row-details">
                <td colSpan={4}>
                  <InstanceTable instances={instances} />
                </td>
              </tr>
            </Fragment>
          );
        })}
      </DataTable>
    </Panel>
  );
}

function InstanceTable({ instances }: { instances: InstanceHealth[] }) {
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Instance</th>
          <th scope="col">Status</th>
          <th scope="col">Live / ready</th>
          <th scope="col">Response</th>
          <th scope="col">Failures in a row</th>
          <th scope="col">Last check</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {instances.map((instance) => (
          <tr key={instance.instance_id}>
            <td>
              <code>{instance.instance_id}</code>
            </td>
            <td>
              <HealthBadge status={instance.status} />
            </td>
            <td>
              {instance.live ? 'live' : 'not live'} / {instance.ready ? 'ready' : 'not ready'}
            </td>
            <td>{formatNumber(instance.response_time_ms)} ms</td>
            <td>{instance.consecutive_failures}</td>
            <td>
              <DateTime compact value={instance.last_check} />
            </td>
            <td>{instance.reason ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
