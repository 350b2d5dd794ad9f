import { useState } from 'react';
import { Panel } from '../../../components/ui/panel';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/states';
import { describeError } from '../../../lib/errors';
import { PLATFORM_TENANT_ID, type ApiKey, type CreatedApiKey, type Principal } from '../../../types/api';
import { useApiKeys } from '../api/list-api-keys';
import { ApiKeySecretDialog } from './api-key-secret-dialog';
import { ApiKeysTable } from './api-keys-table';
import { CreateApiKeyDialog } from './create-api-key-dialog';
import { RevokeApiKeyDialog } from './revoke-api-key-dialog';

/** The API keys of one tenant (or of the platform): list, create, revoke. */
export function ApiKeysPanel({ tenantId, principal }: { tenantId: string; principal: Principal }) {
  const apiKeys = useApiKeys(tenantId);
  const [creating, setCreating] = useState(false);
  const [createdKey, setCreatedKey] = useState<CreatedApiKey | null>(null);
  const [revokeTarget, setRevokeTarget] = useState<ApiKey | null>(null);
  const items = apiKeys.data?.pages.flatMap((page) => page.items) ?? [];
  const isPlatform = tenantId === PLATFORM_TENANT_ID;

  return (
    <Panel
      title={isPlatform ? 'Platform API keys' : `API keys of ${tenantId}`}
      description={
        isPlatform
          ? 'Platform-wide keys act on every tenant.'
          : 'Keys of this tenant can only act on its own data.'
      }
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New API key
        </button>
      }
    >
      {apiKeys.isPending ? <LoadingState label="Loading API keys…" /> : null}
      {apiKeys.isError && !apiKeys.data ? (
        <ErrorState
          error={apiKeys.error}
          title="Could not load API keys"
          onRetry={() => void apiKeys.refetch()}
        />
      ) : null}
      {apiKeys.data && items.length === 0 ? (
        <EmptyState title="No API keys yet">
          <p>Create one with “New API key”. Its secret is shown once, right after it is created.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <>
          {apiKeys.isRefetchError ? (
            <p className="inline-warning" role="status">
              Showing earlier data: the last refresh failed ({describeError(apiKeys.error).title}).
            </p>
          ) : null}
          <ApiKeysTable apiKeys={items} currentKeyId={principal.key_id} onRevoke={setRevokeTarget} />
          {apiKeys.hasNextPage ? (
            <div className="load-more">
              <button
                type="button"
                className="btn"
                aria-disabled={apiKeys.isFetchingNextPage}
                onClick={() => {
                  if (!apiKeys.isFetchingNextPage) void apiKeys.fetchNextPage();
                }}
              >
                {apiKeys.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
              {apiKeys.isFetchNextPageError ? (
                <p className="field-error" role="alert">
                  Could not load more keys: {describeError(apiKeys.error).title}
                </p>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}

      {creating ? (
        <CreateApiKeyDialog
          tenantId={tenantId}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setCreatedKey(created);
          }}
        />
      ) : null}
      {createdKey ? <ApiKeySecretDialog apiKey={createdKey} onDone={() => setCreatedKey(null)} /> : null}
      {revokeTarget ? (
        <RevokeApiKeyDialog
          apiKey={revokeTarget}
          isCurrentSession={revokeTarget.key_id === principal.key_id}
          onClose={() => setRevokeTarget(null)}
        />
      ) : null}
    </Panel>
  );
}
