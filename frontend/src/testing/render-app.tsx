import { createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { onTestFinished } from 'vitest';
import { AppProvider } from '../app/provider';
import { createAppRouter } from '../app/router';
import { createQueryClient } from '../lib/query-client';
import { startSession } from '../lib/session';

export interface RenderAppOptions {
  /** The URL the browser opens. */
  path?: string;
  /** The session key already in sessionStorage; null for a signed-out visitor. */
  apiKey?: string | null;
}

/** Renders the whole console — providers, router, shell — as the browser would, at `path`. */
export function renderApp({ path = '/', apiKey = 'test-session-key' }: RenderAppOptions = {}) {
  if (apiKey !== null) startSession(apiKey);
  // Failures should show at once in tests, not after the production retry back-off.
  const queryClient = createQueryClient({ queries: { retry: false } });
  const router = createAppRouter({ queryClient, history: createMemoryHistory({ initialEntries: [path] }) });
  onTestFinished(() => queryClient.clear());
  const user = userEvent.setup();
  const view = render(<AppProvider queryClient={queryClient} router={router} />);
  return { ...view, user, router, queryClient };
}
