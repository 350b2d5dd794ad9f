import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useDocumentTitle } from '../../components/ui/page-header';
import { paths } from '../../config/paths';
import { SignInForm } from '../../features/auth/components/sign-in-form';

const routeApi = getRouteApi('/sign-in');

export function SignInRoute() {
  const { redirect, reason } = routeApi.useSearch();
  const router = useRouter();
  useDocumentTitle('Sign in');

  return (
    <div className="sign-in-page">
      <main className="sign-in-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Opsdeck
        </p>
        <h1 className="page-title">Sign in</h1>
        <p className="muted">Paste an Opsdeck API key. The console acts with that key’s tenant and role.</p>
        {reason === 'expired' ? (
          <p className="callout callout-warning" role="status">
            Your session has ended: the API no longer accepts that key. Sign in again.
          </p>
        ) : null}
        <SignInForm
          onSignedIn={() => void router.navigate({ href: redirect ?? paths.home, replace: true })}
        />
      </main>
    </div>
  );
}
