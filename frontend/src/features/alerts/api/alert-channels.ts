import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { useRefetchInterval } from '../../../lib/settings';
import type { AlertChannel, VerificationResult } from '../../../types/ops';

/**
 * `GET|POST /api/alerts/channels`, `PUT|DELETE /api/alerts/channels/{channel_id}` and
 * `POST /api/alerts/channels/{channel_id}/verify` (a real test notification).
 */
export function listAlertChannels(owner: string | null, signal?: AbortSignal) {
  return apiRequest<{ items: AlertChannel[] }>('/alerts/channels', { query: { tenant_id: owner }, signal });
}

export function alertChannelsQueryOptions(owner: string | null) {
  return queryOptions({
    queryKey: queryKeys.alerts.channels(owner),
    queryFn: ({ signal }) => listAlertChannels(owner, signal),
  });
}

export function useAlertChannels(owner: string | null) {
  const refetchInterval = useRefetchInterval();
  return useQuery({ ...alertChannelsQueryOptions(owner), refetchInterval });
}

export type ChannelInput =
  | { channel_type: 'webhook'; name: string; enabled: boolean; url: string }
  | { channel_type: 'email'; name: string; enabled: boolean; addresses: string[] };

export type CreatedChannel = AlertChannel & { secret?: string };

export function saveAlertChannel(owner: string | null, input: ChannelInput, channelId: string | null) {
  if (channelId) {
    // The type of a channel does not change; send only what may.
    const { channel_type: type, ...changes } = input;
    void type;
    return apiRequest<CreatedChannel>(`/alerts/channels/${encodeURIComponent(channelId)}`, {
      method: 'PUT',
      body: owner ? { ...changes, tenant_id: owner } : changes,
    });
  }
  return apiRequest<CreatedChannel>('/alerts/channels', {
    method: 'POST',
    body: owner ? { ...input, tenant_id: owner } : input,
  });
}

export function deleteAlertChannel(owner: string | null, channelId: string) {
  return apiRequest<void>(`/alerts/channels/${encodeURIComponent(channelId)}`, {
    method: 'DELETE',
    query: { tenant_id: owner },
  });
}

export interface VerifyAnswer {
  channel: AlertChannel;
  result: VerificationResult;
  notification_id: string;
}

export function verifyAlertChannel(owner: string | null, channelId: string) {
  return apiRequest<VerifyAnswer>(`/alerts/channels/${encodeURIComponent(channelId)}/verify`, {
    method: 'POST',
    query: { tenant_id: owner },
  });
}

function useInvalidateChannels(owner: string | null) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: queryKeys.alerts.channels(owner) });
}

export function useSaveAlertChannel(owner: string | null) {
  const invalidate = useInvalidateChannels(owner);
  return useMutation({
    mutationFn: ({ input, channelId }: { input: ChannelInput; channelId: string | null }) =>
      saveAlertChannel(owner, input, channelId),
    onSuccess: invalidate,
  });
}

export function useDeleteAlertChannel(owner: string | null) {
  const invalidate = useInvalidateChannels(owner);
  return useMutation({
    mutationFn: (channelId: string) => deleteAlertChannel(owner, channelId),
    onSuccess: invalidate,
  });
}

export function useVerifyAlertChannel(owner: string | null) {
  const invalidate = useInvalidateChannels(owner);
  return useMutation({
    mutationFn: (channelId: string) => verifyAlertChannel(owner, channelId),
    onSuccess: invalidate,
  });
}
