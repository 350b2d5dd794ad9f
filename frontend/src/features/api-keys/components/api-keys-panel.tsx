import { useState } from 'react';
import { LoadMore, QueryStates, StaleDataWarning } from '../../../components/ui/data-table';
import { Panel } from '../../../components/ui/panel';
import { EmptyState } from '../../../components/ui/states';
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
      <QueryStates
        query={apiKeys}
        empty={items.length === 0}
        loadingLabel="Loading API keys…"
        errorTitle="Could not load API keys"
        emptyState={
          <EmptyState title="No API keys yet">
            <p>Create one with “New API key”. Its secret is shown once, right after it is created.</p>
          </EmptyState>
        }
      />
      {items.length > 0 ? (
        <>
          <StaleDataWarning query={apiKeys} />
          <ApiKeysTable apiKeys={items} currentKeyId={principal.key_id} onRevoke={setRevokeTarget} />
          <LoadMore query={apiKeys} moreErrorLabel="Could not load more keys" />
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
