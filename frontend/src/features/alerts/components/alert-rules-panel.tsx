import { useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { DeleteDialog } from '../../../components/ui/delete-dialog';
import { Panel } from '../../../components/ui/panel';
import { DataTable, QueryStates } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/states';
import type { AlertChannel, AlertRule } from '../../../types/ops';
import { useAlertRules, useDeleteAlertRule } from '../api/alert-rules';
import { AlertSeverityBadge, alertTypeLabel } from './alert-badges';
import { AlertRuleDialog } from './alert-rule-dialog';
import { describeThreshold } from './alert-type-specs';

export interface AlertRulesPanelProps {
  owner: string | null;
  channels: AlertChannel[];
  canManage: boolean;
  platformOwner: boolean;
}

/** The owner's alert rules (one per type), with create, edit and delete for admins. */
export function AlertRulesPanel({ owner, channels, canManage, platformOwner }: AlertRulesPanelProps) {
  const rules = useAlertRules(owner);
  const remove = useDeleteAlertRule(owner);
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const items = rules.data?.items ?? [];
  const channelName = (id: string) => channels.find((channel) => channel.channel_id === id)?.name ?? id;

  return (
    <Panel
      title="Rules"
      description="When an alert is raised, how severe it is, and who is told."
      actions={
        canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            New rule
          </button>
        ) : null
      }
    >
      <QueryStates
        query={rules}
        empty={items.length === 0}
        loadingLabel="Loading alert rules…"
        errorTitle="Could not load alert rules"
        emptyState={
          <EmptyState title="No alert rules">
            <p>
              {canManage
                ? 'Create a rule to be told when a threshold is crossed.'
                : 'An admin can create rules.'}
            </p>
          </EmptyState>
        }
      />
      {items.length > 0 ? (
        <DataTable
          columns={['Type', 'Threshold', 'Severity', 'Channels', 'Quiet hours', 'Escalation', 'Enabled']}
          actions={canManage}
        >
          {items.map((rule) => (
            <tr key={rule.config_id}>
              <td>
                {alertTypeLabel(rule.alert_type)}
                {rule.scope?.worker_type ? <span className="muted"> · {rule.scope.worker_type}</span> : null}
              </td>
              <td>
                {describeThreshold(rule.alert_type, rule.threshold_value, rule.threshold_unit)}
                {rule.window_minutes ? (
                  <span className="muted"> · {rule.window_minutes} min window</span>
                ) : null}
              </td>
              <td>
                <AlertSeverityBadge severity={rule.severity} />
              </td>
              <td>
                {rule.channels.length === 0 ? (
                  <span className="muted">None</span>
                ) : (
                  rule.channels.map(channelName).join(', ')
                )}
              </td>
              <td>
                {rule.quiet_hours ? (
                  `${rule.quiet_hours.start}–${rule.quiet_hours.end} ${rule.quiet_hours.time_zone}`
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>
                {rule.escalation ? (
                  `after ${rule.escalation.after_minutes} min to ${rule.escalation.channels.map(channelName).join(', ')}`
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td>{rule.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
              {canManage ? (
                <td>
                  <div className="action-row">
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`Edit rule ${alertTypeLabel(rule.alert_type)}`}
                      onClick={() => setEditing(rule)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="btn btn-small btn-danger-outline"
                      aria-label={`Delete rule ${alertTypeLabel(rule.alert_type)}`}
                      onClick={() => setDeleting(rule)}
                    >
                      Delete
                    </button>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      ) : null}
      {editing ? (
        <AlertRuleDialog
          owner={owner}
          rule={editing === 'new' ? null : editing}
          takenTypes={items.map((rule) => rule.alert_type)}
          channels={channels}
          platformOwner={platformOwner}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {deleting ? (
        <DeleteDialog
          title={`Delete the ${alertTypeLabel(deleting.alert_type)} rule?`}
          confirmLabel="Delete rule"
          mutation={remove}
          id={deleting.config_id}
          name={alertTypeLabel(deleting.alert_type)}
          successTitle="Alert rule deleted"
          errorTitle="Could not delete the rule"
          onClose={() => setDeleting(null)}
        >
          <p>Its firing alerts resolve at the next evaluation.</p>
        </DeleteDialog>
      ) : null}
    </Panel>
  );
}
