import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, stubApi } from '../../testing/fetch-stub';
import {
  ingestPrincipal,
  makeTenant,
  page,
  platformViewer,
  superAdmin,
  tenantAdmin,
  tenantViewer,
} from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';
import type { Principal } from '../../types/api';

function stubConsole(principal: Principal) {
  return stubApi()
    .on('GET', '/api/me', () => jsonResponse(principal))
    .on('GET', '/api/admin/tenants', () => jsonResponse(page([makeTenant()])))
    .on('GET', '/api/admin/tenants/acme', () => jsonResponse(makeTenant()))
    .on('GET', '/api/admin/audit', () => jsonResponse(page([])));
}

/** The router reports errors caught by a route's boundary on the console; expected here. */
function silenceRouteErrorLogs() {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
}

function navigationLinks() {
  return within(screen.getByRole('navigation', { name: 'Main' }))
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('the top bar', () => {
  it('names a platform principal, says "Platform" and shows the role', async () => {
    stubConsole(superAdmin);
    renderApp({ path: '/admin/tenants' });

    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('Root Operator')).toBeInTheDocument();
    expect(within(banner).getByText('Platform')).toBeInTheDocument();
    expect(within(banner).getByText('Super admin')).toBeInTheDocument();
  });

  it("names a tenant principal's tenant", async () => {
    stubConsole(tenantAdmin);
    renderApp({ path: '/admin/tenants' });

    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('Acme Corp')).toBeInTheDocument();
    expect(within(banner).getByText('Admin')).toBeInTheDocument();
  });
});

describe('the side navigation', () => {
  it('offers a super admin every page', async () => {
    stubConsole(superAdmin);
    renderApp({ path: '/admin/tenants' });

    await screen.findByRole('navigation', { name: 'Main' });
    expect(navigationLinks()).toEqual([
      'Overview',
      'Workers',
      'SLA',
      'Dead letters',
      'Alert rules',
      'Alert history',
      'Tenants',
      'API keys',
      'Audit trail',
    ]);
    expect(screen.getByRole('link', { name: 'Tenants' })).toHaveAttribute('aria-current', 'page');
  });

  it('hides admin pages from viewers', async () => {
    stubConsole(tenantViewer);
    renderApp({ path: '/admin/tenants' });

    await screen.findByRole('navigation', { name: 'Main' });
    expect(navigationLinks()).toEqual(['Tenant']);
  });

  it('navigates between pages', async () => {
    stubConsole(tenantAdmin);
    const { user, router } = renderApp({ path: '/admin/tenants' });

    await user.click(await screen.findByRole('link', { name: 'Audit trail' }));

    expect(await screen.findByRole('heading', { name: 'Audit trail', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/audit');
    expect(screen.getByRole('main')).toHaveFocus();
    expect(document.title).toBe('Audit trail · Opsdeck');
  });
});

describe('routing by role', () => {
  it('sends "/" to the first page the role can see', async () => {
    stubConsole(platformViewer);
    const { router } = renderApp({ path: '/' });

    expect(await screen.findByRole('heading', { name: 'Tenants', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/tenants');
  });

  it('tells an ingest key that it has no console pages', async () => {
    stubConsole(ingestPrincipal);
    renderApp({ path: '/' });

    expect(await screen.findByText('The Ingest role has no console pages')).toBeInTheDocument();
    expect(screen.getByText('No pages for this role.')).toBeInTheDocument();
  });

  it('refuses a page the role may not open, inside the shell', async () => {
    silenceRouteErrorLogs();
    const api = stubConsole(tenantViewer);
    renderApp({ path: '/admin/audit' });

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Not available for your role' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('The audit trail is for admins. This key has the Viewer role.');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/admin/audit')).toHaveLength(0);
  });

  it('shows "Page not found" for an unknown address', async () => {
    stubConsole(superAdmin);
    renderApp({ path: '/no/such/page' });

    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows the API failure and retries when /api/me fails', async () => {
    silenceRouteErrorLogs();
    let calls = 0;
    stubApi()
      .on('GET', '/api/me', () => {
        calls += 1;
        return calls === 1
          ? problemResponse(503, 'Service Unavailable', 'DynamoDB is throttling')
          : jsonResponse(superAdmin);
      })
      .on('GET', '/api/admin/tenants', () => jsonResponse(page([])));
    const { user } = renderApp({ path: '/admin/tenants' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Service Unavailable');
    expect(alert).toHaveTextContent('DynamoDB is throttling');
    expect(alert).toHaveTextContent('req-7f3a');

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: 'Tenants', level: 1 })).toBeInTheDocument();
  });
});

describe('preferences', () => {
  it('starts dark and remembers the light theme', async () => {
    stubConsole(superAdmin);
    const { user } = renderApp({ path: '/admin/tenants' });

    await screen.findByRole('banner');
    expect(document.documentElement.dataset.theme).toBe('dark');

    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }));

    expect(document.documentElement.dataset.theme).toBe('light');
    expect(JSON.parse(window.localStorage.getItem('opsdeck.settings') ?? '{}')).toMatchObject({
      theme: 'light',
    });
    expect(screen.getByRole('button', { name: 'Switch to dark theme' })).toBeInTheDocument();
  });

  it('sets the auto-refresh interval in an accessible dialog', async () => {
    stubConsole(superAdmin);
    const { user } = renderApp({ path: '/admin/tenants' });
    const settingsButton = await screen.findByRole('button', { name: 'Settings' });

    await user.click(settingsButton);
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByRole('radio', { name: 'Every 30 s' })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: 'Every 30 s' })).toHaveFocus();

    await user.click(within(dialog).getByRole('radio', { name: 'Every 10 s' }));
    expect(JSON.parse(window.localStorage.getItem('opsdeck.settings') ?? '{}')).toMatchObject({
      refreshIntervalSeconds: 10,
    });

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(settingsButton).toHaveFocus();
  });

  it('polls lists at the chosen interval', async () => {
    window.localStorage.setItem(
      'opsdeck.settings',
      JSON.stringify({ theme: 'dark', refreshIntervalSeconds: 10 }),
    );
    const api = stubConsole(superAdmin);
    const { queryClient } = renderApp({ path: '/admin/tenants' });

    await screen.findByRole('cell', { name: 'Acme Corp' });
    await waitFor(() => {
      const observer = queryClient.getQueryCache().find({ queryKey: ['tenants', 'list'], exact: false })
        ?.observers[0];
      expect(observer?.options.refetchInterval).toBe(10_000);
    });
    expect(api.requestsTo('GET', '/api/admin/tenants')).toHaveLength(1);
  });
});
