import { useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { DeleteDialog } from '../../../components/ui/delete-dialog';
import { DateTime } from '../../../components/ui/date-time';
import { Panel } from '../../../components/ui/panel';
import { DataTable, QueryStates } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/states';
import { useToast } from '../../../components/ui/toast';
import { describeError } from '../../../lib/errors';
import type { AlertChannel, VerificationResult } from '../../../types/ops';
import { useDeleteAlertChannel, useVerifyAlertChannel } from '../api/alert-channels';
import { AlertChannelDialog } from './alert-channel-dialog';

type ChannelsQuery = {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: { items: AlertChannel[] } | undefined;
  refetch: () => unknown;
};

/** Where notifications go: webhooks and e-mail lists, with "send test notification" and its result. */
export function AlertChannelsPanel({
  owner,
  channels,
  canManage,
}: {
  owner: string | null;
  channels: ChannelsQuery;
  canManage: boolean;
}) {
  const verify = useVerifyAlertChannel(owner);
  const remove = useDeleteAlertChannel(owner);
  const toast = useToast();
  const [editing, setEditing] = useState<AlertChannel | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertChannel | null>(null);
  const [results, setResults] = useState<Record<string, VerificationResult>>({});
  const items = channels.data?.items ?? [];

  function sendTest(channel: AlertChannel) {
    if (verify.isPending) return;
    verify.mutate(channel.channel_id, {
      onSuccess: (answer) => {
        setResults((current) => ({ ...current, [channel.channel_id]: answer.result }));
        if (answer.result.ok) toast.success('Test notification delivered', channel.name);
        else
          toast.error(
            'Test notification failed',
            answer.result.error ?? `HTTP ${answer.result.status_code ?? '?'}`,
          );
      },
      onError: (error) => {
        const description = describeError(error);
        toast.error('Could not send a test notification', description.detail ?? description.title);
      },
    });
  }

  return (
    <Panel
      title="Channels"
      description="Webhooks receive a signed JSON POST; e-mail channels a message per notification."
      actions={
        canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            New channel
          </button>
        ) : null
      }
    >
      <QueryStates
        query={channels}
        empty={items.length === 0}
        loadingLabel="Loading channels…"
        errorTitle="Could not load channels"
        emptyState={
          <EmptyState title="No channels">
            <p>
              {canManage
                ? 'Add a webhook or an e-mail channel for rules to notify.'
                : 'An admin can add channels.'}
            </p>
          </EmptyState>
        }
      />
      {items.length > 0 ? (
        <DataTable columns={['Name', 'Kind', 'Target', 'State', 'Last test']} actions={canManage}>
          {items.map((channel) => {
            const result = results[channel.channel_id] ?? channel.last_verification;
            return (
              <tr key={channel.channel_id}>
                <td>{channel.name}</td>
                <td>{channel.channel_type === 'webhook' ? 'Webhook' : 'E-mail'}</td>
                <td className="cell-truncate" title={channel.url ?? channel.addresses?.join(', ')}>
                  {channel.url ?? channel.addresses?.join(', ')}
                </td>
                <td>
                  <div className="action-row">
                    {channel.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}
                    {channel.verified ? (
                      <Badge tone="info">Verified</Badge>
                    ) : (
                      <Badge tone="warning">Not verified</Badge>
                    )}
                  </div>
                  {channel.disabled_reason ? <span className="muted">{channel.disabled_reason}</span> : null}
                </td>
                <td>
                  {result ? (
                    <span role="status" aria-label={`Test result for ${channel.name}`}>
                      {result.ok ? 'Delivered' : 'Failed'}
                      {result.status_code !== undefined ? ` (HTTP ${result.status_code})` : ''}
                      {result.error ? `: ${result.error}` : ''} · {result.latency_ms} ms ·{' '}
                      <DateTime value={result.at} />
                    </span>
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                {canManage ? (
                  <td>
                    <div className="action-row">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`Send a test notification to ${channel.name}`}
                        aria-disabled={verify.isPending}
                        onClick={() => sendTest(channel)}
                      >
                        {verify.isPending && verify.variables === channel.channel_id
                          ? 'Sending…'
                          : 'Send test'}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={`Edit channel ${channel.name}`}
                        onClick={() => setEditing(channel)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="btn btn-small btn-danger-outline"
                        aria-label={`Delete channel ${channel.name}`}
                        onClick={() => setDeleting(channel)}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </DataTable>
      ) : null}
      {editing ? (
        <AlertChannelDialog
          owner={owner}
          channel={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {deleting ? (
        <DeleteDialog
          title={`Delete the channel “${deleting.name}”?`}
          confirmLabel="Delete channel"
          mutation={remove}
          id={deleting.channel_id}
          name={deleting.name}
          successTitle="Channel deleted"
          errorTitle="Could not delete the channel"
          onClose={() => setDeleting(null)}
        >
          <p>Rules that name it stop notifying it.</p>
        </DeleteDialog>
      ) : null}
    </Panel>
  );
}
