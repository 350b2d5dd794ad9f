import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ToastProvider } from '../components/ui/toast';
import { applyTheme, useSettings } from '../lib/settings';
import type { createAppRouter } from './router';

export interface AppProviderProps {
  queryClient: QueryClient;
  router: ReturnType<typeof createAppRouter>;
}

/** Everything the console needs around its routes: the query cache, toasts, the theme, the router. */
export function AppProvider({ queryClient, router }: AppProviderProps) {
  const { theme } = useSettings();
  useEffect(() => applyTheme(theme), [theme]);

  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  );
}
