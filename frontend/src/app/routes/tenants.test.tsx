import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  jsonResponse,
  pendingResponse,
  problemResponse,
  stubApi,
  type StubHandler,
} from '../../testing/fetch-stub';
import { makeTenant, page, platformViewer, superAdmin, tenantViewer } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubTenants(listTenants: StubHandler, principal: Principal = superAdmin) {
  return stubConsole(principal, {}, { tenants: listTenants });
}

function tenantsPanel() {
  return screen.getByRole('region', { name: 'Tenants' });
}

describe('tenants page: states', () => {
  it('shows that tenants are loading', async () => {
    stubTenants(() => pendingResponse());
    renderApp({ path: '/admin/tenants' });

    expect(await screen.findByText('Loading tenants…')).toBeInTheDocument();
  });

  it('says when there are no tenants yet', async () => {
    stubTenants(() => jsonResponse(page([])));
    renderApp({ path: '/admin/tenants' });

    expect(await screen.findByText('No tenants yet')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the problem the API reported, and tries again on request', async () => {
    let calls = 0;
    const api = stubTenants(() => {
      calls += 1;
      return calls === 1
        ? problemResponse(500, 'Internal Server Error', 'The tenants table is unavailable')
        : jsonResponse(page([makeTenant()]));
    });
    const { user } = renderApp({ path: '/admin/tenants' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load tenants');
    expect(alert).toHaveTextContent('Internal Server Error: The tenants table is unavailable');
    expect(alert).toHaveTextContent('req-7f3a');

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('cell', { name: 'Acme Corp' })).toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/admin/tenants')).toHaveLength(2);
  });

  it('lists tenants with their id, name, time zone, status and creation time', async () => {
    stubTenants(() =>
      jsonResponse(
        page([
          makeTenant(),
          makeTenant({
            tenant_id: 'globex',
            name: 'Globex',
            time_zone: 'America/New_York',
            status: 'SUSPENDED',
          }),
        ]),
      ),
    );
    renderApp({ path: '/admin/tenants' });

    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(
      rows.map((row) =>
        within(row)
          .queryAllByRole('columnheader')
          .map((cell) => cell.textContent),
      )[0],
    ).toEqual(['Tenant id', 'Name', 'Time zone', 'Status', 'Created', 'Actions']);
    expect(rows[1]).toHaveTextContent('acme');
    expect(rows[1]).toHaveTextContent('Europe/Berlin');
    expect(rows[1]).toHaveTextContent('Active');
    expect(within(rows[1]!).getByRole('time')).toHaveAttribute('dateTime', '2025-01-15T09:30:00.000Z');
    expect(rows[2]).toHaveTextContent('Suspended');
    expect(within(rows[2]!).getByRole('button', { name: 'Reactivate Globex' })).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link', { name: 'API keys of Acme Corp' })).toHaveAttribute(
      'href',
      '/admin/api-keys?tenant=acme',
    );
  });

  it('pages forward and back with the cursor', async () => {
    const api = stubTenants(({ url }) =>
      url.searchParams.get('cursor') === 'cursor-2'
        ? jsonResponse(page([makeTenant({ tenant_id: 'initech', name: 'Initech' })]))
        : jsonResponse(page([makeTenant()], 'cursor-2')),
    );
    const { user } = renderApp({ path: '/admin/tenants' });
    await screen.findByRole('cell', { name: 'Acme Corp' });
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveAttribute('aria-disabled', 'true');

    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByRole('cell', { name: 'Initech' })).toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toHaveAttribute('aria-disabled', 'true');
    expect(
      api.requestsTo('GET', '/api/admin/tenants').map((request) => request.url.searchParams.get('cursor')),
    ).toEqual([null, 'cursor-2']);

    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(await screen.findByRole('cell', { name: 'Acme Corp' })).toBeInTheDocument();
  });

  it('shows a platform viewer the list without the admin actions', async () => {
    stubTenants(() => jsonResponse(page([makeTenant()])), platformViewer);
    renderApp({ path: '/admin/tenants' });

    await screen.findByRole('cell', { name: 'Acme Corp' });
    expect(screen.queryByRole('button', { name: 'New tenant' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Suspend/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
  });

  it('shows a tenant principal its own tenant, without listing others', async () => {
    const api = stubApi()
      .on('GET', '/api/me', () => jsonResponse(tenantViewer))
      .on('GET', '/api/admin/tenants/acme', () =>
        jsonResponse(makeTenant({ updated_at: '2025-02-01T00:00:00.000Z' })),
      );
    renderApp({ path: '/admin/tenants' });

    const panel = await screen.findByRole('region', { name: 'Your tenant' });
    expect(within(panel).getByText('Acme Corp')).toBeInTheDocument();
    expect(within(panel).getByText('Europe/Berlin')).toBeInTheDocument();
    await waitFor(() => expect(within(panel).getAllByRole('time')).toHaveLength(2));
    expect(api.requestsTo('GET', '/api/admin/tenants')).toHaveLength(0);
  });
});

describe('tenants page: creating a tenant', () => {
  it('checks the time zone against the IANA list before sending anything', async () => {
    const api = stubTenants(() => jsonResponse(page([])));
    const { user } = renderApp({ path: '/admin/tenants' });
    await user.click(await screen.findByRole('button', { name: 'New tenant' }));
    const dialog = screen.getByRole('dialog', { name: 'New tenant' });

    await user.type(within(dialog).getByLabelText('Tenant id'), 'globex');
    await user.type(within(dialog).getByLabelText('Name'), 'Globex');
    await user.clear(within(dialog).getByLabelText('Time zone'));
    await user.type(within(dialog).getByLabelText('Time zone'), 'Mars/Olympus_Mons');
    await user.click(within(dialog).getByRole('button', { name: 'Create tenant' }));

    expect(within(dialog).getByLabelText('Time zone')).toHaveAccessibleDescription(
      expect.stringContaining('"Mars/Olympus_Mons" is not an IANA time zone'),
    );
    expect(api.requestsTo('POST', '/api/admin/tenants')).toHaveLength(0);
  });

  it('creates the tenant, reports it in a toast and refreshes the list', async () => {
    let created = false;
    const api = stubTenants(() =>
      jsonResponse(page(created ? [makeTenant({ tenant_id: 'globex', name: 'Globex' })] : [])),
    ).on('POST', '/api/admin/tenants', () => {
      created = true;
      return jsonResponse(makeTenant({ tenant_id: 'globex', name: 'Globex', time_zone: 'Asia/Tokyo' }), 201);
    });
    const { user } = renderApp({ path: '/admin/tenants' });
    await user.click(await screen.findByRole('button', { name: 'New tenant' }));
    const dialog = screen.getByRole('dialog', { name: 'New tenant' });

    await user.type(within(dialog).getByLabelText('Tenant id'), 'globex');
    await user.type(within(dialog).getByLabelText('Name'), 'Globex');
    await user.clear(within(dialog).getByLabelText('Time zone'));
    await user.type(within(dialog).getByLabelText('Time zone'), 'Asia/Tokyo');
    await user.click(within(dialog).getByRole('button', { name: 'Create tenant' }));

    expect((await screen.findByText('Tenant “Globex” created')).closest('[role="status"]')).toHaveTextContent(
      'Tenant id globex',
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.requestsTo('POST', '/api/admin/tenants')[0]?.body).toEqual({
      tenant_id: 'globex',
      name: 'Globex',
      time_zone: 'Asia/Tokyo',
    });
    expect(await within(tenantsPanel()).findByRole('cell', { name: 'Globex' })).toBeInTheDocument();
  });

  it('explains a 409 on the tenant id field', async () => {
    stubTenants(() => jsonResponse(page([]))).on('POST', '/api/admin/tenants', () =>
      problemResponse(409, 'Conflict', 'Tenant acme already exists'),
    );
    const { user } = renderApp({ path: '/admin/tenants' });
    await user.click(await screen.findByRole('button', { name: 'New tenant' }));
    const dialog = screen.getByRole('dialog', { name: 'New tenant' });

    await user.type(within(dialog).getByLabelText('Tenant id'), 'acme');
    await user.type(within(dialog).getByLabelText('Name'), 'Acme again');
    await user.click(within(dialog).getByRole('button', { name: 'Create tenant' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'A tenant with the id “acme” already exists.',
    );
    expect(within(dialog).getByLabelText('Tenant id')).toHaveAttribute('aria-invalid', 'true');
  });

  it("puts the API's validation messages on the fields they name", async () => {
    stubTenants(() => jsonResponse(page([]))).on('POST', '/api/admin/tenants', () =>
      problemResponse(400, 'Bad Request', 'The body is invalid', {
        errors: [{ path: 'name', message: 'Name must be at most 100 characters' }],
      }),
    );
    const { user } = renderApp({ path: '/admin/tenants' });
    await user.click(await screen.findByRole('button', { name: 'New tenant' }));
    const dialog = screen.getByRole('dialog', { name: 'New tenant' });

    await user.type(within(dialog).getByLabelText('Tenant id'), 'longname');
    await user.type(within(dialog).getByLabelText('Name'), 'A very long name');
    await user.click(within(dialog).getByRole('button', { name: 'Create tenant' }));

    expect(await within(dialog).findByText('Name must be at most 100 characters')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute('aria-invalid', 'true');
  });
});

describe('tenants page: suspending and reactivating', () => {
  it('asks first, and Escape cancels without touching the tenant', async () => {
    const api = stubTenants(() => jsonResponse(page([makeTenant()])));
    const { user } = renderApp({ path: '/admin/tenants' });
    const suspend = await screen.findByRole('button', { name: 'Suspend Acme Corp' });

    await user.click(suspend);
    const dialog = screen.getByRole('alertdialog', { name: 'Suspend tenant “Acme Corp”?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(suspend).toHaveFocus();
    expect(api.requestsTo('PATCH', '/api/admin/tenants/acme')).toHaveLength(0);
  });

  it('keeps keyboard focus inside the confirmation', async () => {
    stubTenants(() => jsonResponse(page([makeTenant()])));
    const { user } = renderApp({ path: '/admin/tenants' });
    await user.click(await screen.findByRole('button', { name: 'Suspend Acme Corp' }));
    const dialog = screen.getByRole('alertdialog');

    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Suspend tenant' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(within(dialog).getByRole('button', { name: 'Suspend tenant' })).toHaveFocus();
  });

  it('suspends on confirmation and reports the result', async () => {
    let status: 'ACTIVE' | 'SUSPENDED' = 'ACTIVE';
    const api = stubTenants(() => jsonResponse(page([makeTenant({ status })]))).on(
      'PATCH',
      '/api/admin/tenants/acme',
      () => {
        status = 'SUSPENDED';
        return jsonResponse(makeTenant({ status }));
      },
    );
    const { user } = renderApp({ path: '/admin/tenants' });

    await user.click(await screen.findByRole('button', { name: 'Suspend Acme Corp' }));
    await user.click(screen.getByRole('button', { name: 'Suspend tenant' }));

    expect(await screen.findByText('Tenant “Acme Corp” suspended')).toBeInTheDocument();
    expect(api.requestsTo('PATCH', '/api/admin/tenants/acme')[0]?.body).toEqual({ status: 'SUSPENDED' });
    expect(await screen.findByRole('button', { name: 'Reactivate Acme Corp' })).toBeInTheDocument();
  });

  it('reports a refusal as an error toast', async () => {
    stubTenants(() => jsonResponse(page([makeTenant({ status: 'SUSPENDED' })]))).on(
      'PATCH',
      '/api/admin/tenants/acme',
      () => problemResponse(403, 'Forbidden', 'Only platform admins change tenant status'),
    );
    const { user } = renderApp({ path: '/admin/tenants' });

    await user.click(await screen.findByRole('button', { name: 'Reactivate Acme Corp' }));
    await user.click(screen.getByRole('button', { name: 'Reactivate tenant' }));

    const toast = await screen.findByRole('alert');
    expect(toast).toHaveTextContent('Could not reactivate “Acme Corp”');
    expect(toast).toHaveTextContent('Only platform admins change tenant status');
  });
});
