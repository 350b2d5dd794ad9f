import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { paths } from '../../config/paths';
import { onSessionEnd } from '../../lib/session';
import { sanitizeRedirect } from '../search-params';

/**
 * However the session ends — the Sign out button, or any API call answered with 401 — the
 * console returns to sign-in and then forgets every cached response, so nothing one key could
 * read stays in memory for the next.
 */
function useReturnToSignInWhenSessionEnds() {
  const router = useRouter();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSessionEnd((reason) => {
        const returnTo = reason === 'expired' ? sanitizeRedirect(router.state.location.href) : undefined;
        void router
          .navigate({
            to: paths.signIn,
            search:
              reason === 'expired' ? { reason: 'expired', ...(returnTo ? { redirect: returnTo } : {}) } : {},
            replace: true,
          })
          .finally(() => queryClient.clear());
      }),
    [router, queryClient],
  );
}

export function RootLayout() {
  useReturnToSignInWhenSessionEnds();
  return <Outlet />;
}
