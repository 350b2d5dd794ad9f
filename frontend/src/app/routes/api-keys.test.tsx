import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { makeApiKey, makeTenant, page, platformAdmin, superAdmin, tenantAdmin } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubKeys(listKeys: StubHandler, principal: Principal = superAdmin, tenantId = 'acme') {
  return stubConsole(
    principal,
    {
      [`/api/admin/tenants/${tenantId}/api-keys`]: listKeys,
    },
    {
      tenants: () => jsonResponse(page([makeTenant(), makeTenant({ tenant_id: 'globex', name: 'Globex' })])),
    },
  );
}

describe('API keys page: choosing a tenant', () => {
  it('asks a platform principal to choose a tenant, offering "Platform" to super admins', async () => {
    const api = stubKeys(() => jsonResponse(page([makeApiKey()])));
    const { user, router } = renderApp({ path: '/admin/api-keys' });

    expect(await screen.findByText('Choose a tenant')).toBeInTheDocument();
    const picker = screen.getByRole('combobox', { name: 'Tenant' });
    await waitFor(() =>
      expect(
        within(picker)
          .getAllByRole('option')
          .map((option) => option.textContent),
      ).toEqual(['Choose a tenant…', 'Platform (platform-wide)', 'Acme Corp (acme)', 'Globex (globex)']),
    );

    await user.selectOptions(picker, 'acme');

    expect(await screen.findByRole('cell', { name: 'CI pipeline' })).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ tenant: 'acme' });
    expect(api.requestsTo('GET', '/api/admin/tenants/acme/api-keys')).toHaveLength(1);
  });

  it('does not offer platform keys to a platform admin who is not a super admin', async () => {
    stubKeys(() => jsonResponse(page([])), platformAdmin);
    renderApp({ path: '/admin/api-keys' });

    const picker = await screen.findByRole('combobox', { name: 'Tenant' });
    await waitFor(() =>
      expect(within(picker).getByRole('option', { name: 'Acme Corp (acme)' })).toBeInTheDocument(),
    );
    expect(within(picker).queryByRole('option', { name: /Platform/ })).not.toBeInTheDocument();
  });

  it("shows a tenant admin its own tenant's keys, with no picker", async () => {
    const api = stubKeys(() => jsonResponse(page([makeApiKey()])), tenantAdmin);
    renderApp({ path: '/admin/api-keys?tenant=globex' });

    expect(await screen.findByRole('region', { name: 'API keys of acme' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Tenant' })).not.toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/admin/tenants/acme/api-keys')).toHaveLength(1);
    expect(api.requestsTo('GET', '/api/admin/tenants')).toHaveLength(0);
  });
});

describe('API keys page: states', () => {
  it('shows that keys are loading', async () => {
    stubKeys(() => pendingResponse());
    renderApp({ path: '/admin/api-keys?tenant=acme' });

    expect(await screen.findByText('Loading API keys…')).toBeInTheDocument();
  });

  it('says when the tenant has no keys', async () => {
    stubKeys(() => jsonResponse(page([])));
    renderApp({ path: '/admin/api-keys?tenant=acme' });

    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
  });

  it('shows the problem the API reported', async () => {
    stubKeys(() => problemResponse(404, 'Not Found', 'Tenant acme does not exist'));
    renderApp({ path: '/admin/api-keys?tenant=acme' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load API keys');
    expect(alert).toHaveTextContent('Not Found: Tenant acme does not exist');
  });

  it('lists keys with role, status, creation and last use, and marks the session key', async () => {
    stubKeys(() =>
      jsonResponse(
        page([
          makeApiKey(),
          makeApiKey({
            key_id: 'key_old',
            name: 'Old laptop',
            status: 'revoked',
            revoked_at: '2025-02-02T00:00:00.000Z',
            last_used_at: null,
          }),
          makeApiKey({ key_id: superAdmin.key_id, name: 'Root', role: 'super_admin', tenant_id: null }),
        ]),
      ),
    );
    renderApp({ path: '/admin/api-keys?tenant=acme' });

    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('key_ci');
    expect(rows[1]).toHaveTextContent('Operator');
    expect(rows[1]).toHaveTextContent('Active');
    expect(within(rows[1]!).getAllByRole('time')).toHaveLength(2);
    expect(rows[2]).toHaveTextContent('Revoked');
    expect(rows[2]).toHaveTextContent('Never');
    expect(within(rows[2]!).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('This session');
  });

  it('loads further pages with the cursor', async () => {
    const api = stubKeys(({ url }) =>
      url.searchParams.get('cursor') === 'next-1'
        ? jsonResponse(page([makeApiKey({ key_id: 'key_2', name: 'Second key' })]))
        : jsonResponse(page([makeApiKey()], 'next-1')),
    );
    const { user } = renderApp({ path: '/admin/api-keys?tenant=acme' });

    await user.click(await screen.findByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('cell', { name: 'Second key' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'CI pipeline' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/admin/tenants/acme/api-keys')[1]?.url.searchParams.get('cursor')).toBe(
      'next-1',
    );
  });
});

describe('API keys page: creating a key', () => {
  it('offers tenant roles for a tenant and every role for the platform', async () => {
    stubKeys(() => jsonResponse(page([]))).on('GET', '/api/admin/tenants/platform/api-keys', () =>
      jsonResponse(page([])),
    );
    const { user } = renderApp({ path: '/admin/api-keys?tenant=acme' });
    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    const roleOptions = () =>
      within(screen.getByRole('combobox', { name: 'Role' }))
        .getAllByRole('option')
        .map((option) => option.textContent);
    expect(roleOptions()).toEqual(['Viewer', 'Operator', 'Admin']);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Tenant' }), 'platform');
    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    expect(screen.getByRole('dialog', { name: 'New platform API key' })).toBeInTheDocument();
    expect(roleOptions()).toEqual(['Viewer', 'Operator', 'Admin', 'Super admin', 'Ingest']);
  });

  it('shows the secret once, copyable, with a warning, and forgets it when done', async () => {
    const api = stubKeys(() => jsonResponse(page([]))).on('POST', '/api/admin/tenants/acme/api-keys', () =>
      jsonResponse(
        {
          ...makeApiKey({ key_id: 'key_new', name: 'Deploy bot', role: 'admin' }),
          secret: 'opk_s3cr3t_once',
        },
        201,
      ),
    );
    const { user } = renderApp({ path: '/admin/api-keys?tenant=acme' });

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    await user.type(screen.getByLabelText('Name'), 'Deploy bot');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role' }), 'admin');
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    const secretDialog = await screen.findByRole('dialog', { name: 'Copy the new API key' });
    expect(secretDialog).toHaveAccessibleDescription(
      expect.stringContaining('This secret is shown only once.'),
    );
    expect(within(secretDialog).getByLabelText('Secret')).toHaveValue('opk_s3cr3t_once');
    expect(api.requestsTo('POST', '/api/admin/tenants/acme/api-keys')[0]?.body).toEqual({
      name: 'Deploy bot',
      role: 'admin',
    });

    await user.click(within(secretDialog).getByRole('button', { name: 'Copy' }));
    // user-event stands in for the system clipboard.
    await expect(navigator.clipboard.readText()).resolves.toBe('opk_s3cr3t_once');
    expect(within(secretDialog).getByText('Copied to the clipboard.')).toBeInTheDocument();

    await user.click(within(secretDialog).getByRole('button', { name: 'Done, I have copied it' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('opk_s3cr3t_once');
    await waitFor(() => expect(api.requestsTo('GET', '/api/admin/tenants/acme/api-keys')).toHaveLength(2));
  });

  it('requires a name', async () => {
    const api = stubKeys(() => jsonResponse(page([])));
    const { user } = renderApp({ path: '/admin/api-keys?tenant=acme' });

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    await user.click(screen.getByRole('button', { name: 'Create key' }));

    expect(screen.getByRole('alert')).toHaveTextContent('Enter a name');
    expect(api.requestsTo('POST', '/api/admin/tenants/acme/api-keys')).toHaveLength(0);
  });
});

describe('API keys page: revoking a key', () => {
  it('revokes after confirmation and reports it', async () => {
    let revoked = false;
    const api = stubKeys(() =>
      jsonResponse(page([makeApiKey({ status: revoked ? 'revoked' : 'active' })])),
    ).on('DELETE', '/api/admin/api-keys/key_ci', () => {
      revoked = true;
      return jsonResponse(makeApiKey({ status: 'revoked', revoked_at: '2025-03-01T00:00:00.000Z' }));
    });
    const { user } = renderApp({ path: '/admin/api-keys?tenant=acme' });

    await user.click(await screen.findByRole('button', { name: 'Revoke CI pipeline' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Revoke API key “CI pipeline”?' });
    expect(dialog).toHaveAccessibleDescription(expect.stringContaining('Revoking cannot be undone.'));
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));

    expect(await screen.findByText('API key “CI pipeline” revoked')).toBeInTheDocument();
    expect(api.requestsTo('DELETE', '/api/admin/api-keys/key_ci')).toHaveLength(1);
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Revoke CI pipeline' })).not.toBeInTheDocument(),
    );
  });

  it('does nothing when cancelled', async () => {
    const api = stubKeys(() => jsonResponse(page([makeApiKey()])));
    const { user } = renderApp({ path: '/admin/api-keys?tenant=acme' });

    await user.click(await screen.findByRole('button', { name: 'Revoke CI pipeline' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.requestsTo('DELETE', '/api/admin/api-keys/key_ci')).toHaveLength(0);
  });

  it('warns before revoking the key of the current session', async () => {
    stubKeys(
      () => jsonResponse(page([makeApiKey({ key_id: tenantAdmin.key_id, name: 'My key', role: 'admin' })])),
      tenantAdmin,
    );
    const { user } = renderApp({ path: '/admin/api-keys' });

    await user.click(await screen.findByRole('button', { name: 'Revoke My key' }));

    expect(screen.getByRole('alertdialog')).toHaveTextContent('This is the key you are signed in with');
  });
});
