import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, stubApi } from '../../testing/fetch-stub';
import { makeTenant, page, superAdmin, tenantAdmin } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';

describe('sign-in', () => {
  it('sends a signed-out visitor to sign-in, remembering the page asked for', async () => {
    stubApi();
    const { router } = renderApp({ path: '/admin/audit', apiKey: null });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toEqual({ redirect: '/admin/audit' });
  });

  it('validates the pasted key with GET /api/me and keeps it in sessionStorage only', async () => {
    const api = stubApi()
      .on('GET', '/api/me', () => jsonResponse(superAdmin))
      .on('GET', '/api/admin/tenants', () => jsonResponse(page([makeTenant()])));
    const { user, router } = renderApp({ path: '/sign-in', apiKey: null });

    await user.type(await screen.findByLabelText('API key'), '  opk_live_secret  ');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // Operators and above start on the Ops overview.
    expect(await screen.findByRole('heading', { name: 'Operations overview', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/ops');
    expect(api.requestsTo('GET', '/api/me')[0]?.headers.get('Authorization')).toBe('Bearer opk_live_secret');
    await waitFor(() => expect(api.requestsTo('GET', '/api/ops/workers/health')).not.toHaveLength(0));
    expect(api.requestsTo('GET', '/api/ops/workers/health')[0]?.headers.get('Authorization')).toBe(
      'Bearer opk_live_secret',
    );
    expect(window.sessionStorage.getItem('opsdeck.api-key')).toBe('opk_live_secret');
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('opk_live_secret');
  });

  it('shows a rejected key inline and keeps the visitor signed out', async () => {
    stubApi().on('GET', '/api/me', () => problemResponse(401, 'Unauthorized', 'Unknown API key'));
    const { user, router } = renderApp({ path: '/sign-in', apiKey: null });

    await user.type(await screen.findByLabelText('API key'), 'opk_wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('This API key was not accepted');
    expect(screen.getByLabelText('API key')).toHaveAttribute('aria-invalid', 'true');
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(window.sessionStorage.getItem('opsdeck.api-key')).toBeNull();
  });

  it('asks for a key before calling the API', async () => {
    const api = stubApi();
    const { user } = renderApp({ path: '/sign-in', apiKey: null });

    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Paste an API key to sign in.');
    expect(api.requests).toHaveLength(0);
  });

  it('says so when the API cannot be reached', async () => {
    stubApi().on('GET', '/api/me', () => Promise.reject(new TypeError('Failed to fetch')));
    const { user } = renderApp({ path: '/sign-in', apiKey: null });

    await user.type(await screen.findByLabelText('API key'), 'opk_any');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cannot reach the API');
  });

  it('shows that the key is being checked', async () => {
    stubApi().on('GET', '/api/me', () => pendingResponse());
    const { user } = renderApp({ path: '/sign-in', apiKey: null });

    await user.type(await screen.findByLabelText('API key'), 'opk_any');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    // aria-disabled rather than disabled, so the button keeps keyboard focus while busy.
    expect(await screen.findByRole('button', { name: 'Checking key…' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('returns to the page that was asked for', async () => {
    stubApi()
      .on('GET', '/api/me', () => jsonResponse(tenantAdmin))
      .on('GET', '/api/admin/audit', () => jsonResponse(page([])));
    const { user, router } = renderApp({ path: '/admin/audit', apiKey: null });

    await user.type(await screen.findByLabelText('API key'), 'opk_acme_admin');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Audit trail', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/audit');
  });
});

describe('the end of a session', () => {
  it('signs out: forgets the key and every cached response, and returns to sign-in', async () => {
    stubApi()
      .on('GET', '/api/me', () => jsonResponse(superAdmin))
      .on('GET', '/api/admin/tenants', () => jsonResponse(page([makeTenant()])));
    const { user, router, queryClient } = renderApp({ path: '/admin/tenants' });
    expect(await screen.findByRole('cell', { name: 'Acme Corp' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(window.sessionStorage.getItem('opsdeck.api-key')).toBeNull();
    await waitFor(() => expect(queryClient.getQueryCache().getAll()).toHaveLength(0));
  });

  it('returns to sign-in when the API stops accepting the key', async () => {
    stubApi()
      .on('GET', '/api/me', () => jsonResponse(superAdmin))
      .on('GET', '/api/admin/tenants', () =>
        problemResponse(401, 'Unauthorized', 'The API key has been revoked'),
      );
    const { router } = renderApp({ path: '/admin/tenants' });

    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toEqual({ reason: 'expired', redirect: '/admin/tenants' });
    expect(window.sessionStorage.getItem('opsdeck.api-key')).toBeNull();
  });

  it('returns to sign-in when the stored key is no longer valid at start-up', async () => {
    stubApi().on('GET', '/api/me', () => problemResponse(401, 'Unauthorized'));
    const { router } = renderApp({ path: '/' });

    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(window.sessionStorage.getItem('opsdeck.api-key')).toBeNull();
  });
});
