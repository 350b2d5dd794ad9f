import { queryOptions, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { startSession } from '../../../lib/session';
import type { Principal } from '../../../types/api';

/** `GET /api/me`: the principal behind the session's key, or behind `apiKey` when given. */
export function getMe(options: { apiKey?: string; signal?: AbortSignal } = {}): Promise<Principal> {
  return apiRequest<Principal>('/me', options);
}

export function meQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => getMe({ signal }),
    // A key's principal changes rarely (a re-issued role); five minutes of staleness is fine.
    staleTime: 5 * 60_000,
  });
}

/** The signed-in principal. The console route loads it before any page renders, so it never suspends there. */
export function usePrincipal(): Principal {
  return useSuspenseQuery(meQueryOptions()).data;
}

/** Checks a pasted key with `GET /api/me`; when the API accepts it, the session starts with it. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (apiKey: string) => getMe({ apiKey }),
    onSuccess: (principal, apiKey) => {
      startSession(apiKey);
      queryClient.setQueryData(queryKeys.me(), principal);
    },
  });
}
