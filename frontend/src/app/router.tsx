import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
  type RouterHistory,
} from '@tanstack/react-router';
import { RouteErrorFallback } from '../components/errors/route-error-fallback';
import { LoadingState } from '../components/ui/states';
import { paths } from '../config/paths';
import { meQueryOptions } from '../features/auth/api/get-me';
import { ApiError } from '../lib/api-client';
import { getApiKey } from '../lib/session';
import { AppLayout } from './layout/app-layout';
import { RootLayout } from './layout/root-layout';
import { assertPageAllowed, firstAllowedPath } from './navigation';
import { NoConsolePages } from './routes/no-console-pages';
import { NotFound } from './routes/not-found';
import { SignInRoute } from './routes/sign-in';
import {
  validateAlertHistorySearch,
  validateAuditSearch,
  validateOpsDlqSearch,
  validateOpsSlaSearch,
  validateOpsWorkersSearch,
  validateSignInSearch,
  validateTenantScopedSearch,
} from './search-params';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  errorComponent: RouteErrorFallback,
  notFoundComponent: NotFound,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: paths.signIn,
  validateSearch: validateSignInSearch,
  beforeLoad: ({ search }) => {
    if (getApiKey()) throw redirect({ href: search.redirect ?? paths.home, replace: true });
  },
  component: SignInRoute,
  errorComponent: RouteErrorFallback,
});

/** Everything behind sign-in: needs a session key and the principal it belongs to. */
const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'console',
  beforeLoad: async ({ context, location }) => {
    const returnTo = location.href === paths.home ? undefined : location.href;
    if (!getApiKey()) {
      throw redirect({ to: paths.signIn, search: returnTo ? { redirect: returnTo } : {} });
    }
    try {
      const principal = await context.queryClient.ensureQueryData(meQueryOptions());
      return { principal };
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw redirect({
          to: paths.signIn,
          search: { reason: 'expired', ...(returnTo ? { redirect: returnTo } : {}) },
        });
      }
      throw error;
    }
  },
  component: AppLayout,
  errorComponent: RouteErrorFallback,
  notFoundComponent: NotFound,
});

const homeRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.home,
  beforeLoad: ({ context }) => {
    const firstPage = firstAllowedPath(context.principal);
    if (firstPage) throw redirect({ to: firstPage, replace: true });
  },
  // Reached only by a principal with no page at all (an ingest key).
  component: NoConsolePages,
  errorComponent: RouteErrorFallback,
});

const tenantsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.tenants,
  beforeLoad: ({ context }) => assertPageAllowed(paths.tenants, context.principal),
  component: lazyRouteComponent(() => import('./routes/tenants'), 'TenantsRoute'),
  errorComponent: RouteErrorFallback,
});

const apiKeysRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.apiKeys,
  validateSearch: validateTenantScopedSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.apiKeys, context.principal),
  component: lazyRouteComponent(() => import('./routes/api-keys'), 'ApiKeysRoute'),
  errorComponent: RouteErrorFallback,
});

const auditRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.audit,
  validateSearch: validateAuditSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.audit, context.principal),
  component: lazyRouteComponent(() => import('./routes/audit'), 'AuditRoute'),
  errorComponent: RouteErrorFallback,
});

const opsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.ops,
  validateSearch: validateTenantScopedSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.ops, context.principal),
  component: lazyRouteComponent(() => import('./routes/ops-home'), 'OpsHomeRoute'),
  errorComponent: RouteErrorFallback,
});

const opsWorkersRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.opsWorkers,
  validateSearch: validateOpsWorkersSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.opsWorkers, context.principal),
  component: lazyRouteComponent(() => import('./routes/ops-workers'), 'OpsWorkersRoute'),
  errorComponent: RouteErrorFallback,
});

const opsSlaRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.opsSla,
  validateSearch: validateOpsSlaSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.opsSla, context.principal),
  component: lazyRouteComponent(() => import('./routes/ops-sla'), 'OpsSlaRoute'),
  errorComponent: RouteErrorFallback,
});

const opsDlqRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.opsDlq,
  validateSearch: validateOpsDlqSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.opsDlq, context.principal),
  component: lazyRouteComponent(() => import('./routes/ops-dlq'), 'OpsDlqRoute'),
  errorComponent: RouteErrorFallback,
});

const opsAlertsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.opsAlerts,
  validateSearch: validateTenantScopedSearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.opsAlerts, context.principal),
  component: lazyRouteComponent(() => import('./routes/ops-alerts'), 'OpsAlertsRoute'),
  errorComponent: RouteErrorFallback,
});

const opsAlertHistoryRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: paths.opsAlertHistory,
  validateSearch: validateAlertHistorySearch,
  beforeLoad: ({ context }) => assertPageAllowed(paths.opsAlertHistory, context.principal),
  component: lazyRouteComponent(() => import('./routes/ops-alert-history'), 'OpsAlertHistoryRoute'),
  errorComponent: RouteErrorFallback,
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  consoleRoute.addChildren([
    homeRoute,
    opsRoute,
    opsWorkersRoute,
    opsSlaRoute,
    opsDlqRoute,
    opsAlertsRoute,
    opsAlertHistoryRoute,
    tenantsRoute,
    apiKeysRoute,
    auditRoute,
  ]),
]);

function RoutePending() {
  return <LoadingState label="Loading page…" />;
}

/** One router per app (and per test): the QueryClient travels in its context to guards and loaders. */
export function createAppRouter({
  queryClient,
  history,
}: {
  queryClient: QueryClient;
  history?: RouterHistory;
}) {
  return createRouter({
    routeTree,
    context: { queryClient },
    ...(history ? { history } : {}),
    // TanStack Query owns freshness; the router must not serve its own cached loads.
    defaultPreloadStaleTime: 0,
    defaultPreload: 'intent',
    defaultErrorComponent: RouteErrorFallback,
    defaultPendingComponent: RoutePending,
    defaultPendingMs: 300,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
