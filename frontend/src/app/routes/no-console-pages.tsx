import { EmptyState } from '../../components/ui/states';
import { PageHeader } from '../../components/ui/page-header';
import { usePrincipal } from '../../features/auth/api/get-me';
import { ROLE_LABELS } from '../../lib/authorization';

/** Shown at `/` to a principal whose role can use no console page (ingest keys). */
export function NoConsolePages() {
  const principal = usePrincipal();
  return (
    <>
      <PageHeader title="Welcome" />
      <EmptyState title={`The ${ROLE_LABELS[principal.role]} role has no console pages`}>
        <p>
          {principal.role === 'ingest'
            ? 'Ingest keys are for platform workers sending events. Sign in with a viewer, operator or admin key to use the console.'
            : 'Ask an admin for a key with a role that can use the console.'}
        </p>
      </EmptyState>
    </>
  );
}
