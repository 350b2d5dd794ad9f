import { Panel } from '../../../components/ui/panel';
import { ErrorState } from '../../../components/ui/states';
import { useVerifyAuditChain } from '../api/verify-audit-chain';

/**
 * Re-checks the tenant's hash chain on demand. Keyed by tenant in the page, so a result never
 * outlives the tenant it was about.
 */
export function VerifyChainPanel({ tenantId }: { tenantId: string }) {
  const verify = useVerifyAuditChain();
  const result = verify.data;

  return (
    <Panel
      title="Chain integrity"
      description="Each event carries the hash of the one before it; verifying re-computes the whole chain."
      actions={
        <button
          type="button"
          className="btn"
          onClick={() => {
            if (!verify.isPending) verify.mutate(tenantId);
          }}
          aria-disabled={verify.isPending}
        >
          {verify.isPending ? 'Verifying…' : 'Verify chain'}
        </button>
      }
    >
      <div aria-live="polite">
        {verify.isPending ? <p className="muted">Verifying the chain of {tenantId}…</p> : null}
        {result && !verify.isPending ? (
          result.ok ? (
            <p className="callout callout-success">
              <strong>Chain intact.</strong> {result.checked} event{result.checked === 1 ? '' : 's'} checked.
            </p>
          ) : (
            <p className="callout callout-danger">
              <strong>Chain broken</strong>
              {result.first_broken
                ? ` at event ${result.first_broken.seq}: ${result.first_broken.reason}.`
                : '.'}{' '}
              {result.checked} event{result.checked === 1 ? '' : 's'} checked.
            </p>
          )
        ) : null}
        {!result && !verify.isPending && !verify.isError ? (
          <p className="muted">Not verified in this view yet.</p>
        ) : null}
      </div>
      {verify.isError ? <ErrorState error={verify.error} title="Could not verify the chain" /> : null}
    </Panel>
  );
}
