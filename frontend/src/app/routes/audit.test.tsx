import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { makeAuditEvent, page, superAdmin, tenantAdmin } from '../../testing/fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubAudit(listEvents: StubHandler, principal: Principal = tenantAdmin) {
  return stubConsole(principal, {
    '/api/admin/audit': listEvents,
  });
}

describe('audit trail: states', () => {
  it('shows that events are loading', async () => {
    stubAudit(() => pendingResponse());
    renderApp({ path: '/admin/audit' });

    expect(await screen.findByText('Loading audit events…')).toBeInTheDocument();
  });

  it('says when there are no events', async () => {
    stubAudit(() => jsonResponse(page([])));
    renderApp({ path: '/admin/audit' });

    expect(await screen.findByText('No audit events yet')).toBeInTheDocument();
  });

  it('shows the problem the API reported', async () => {
    stubAudit(() => problemResponse(403, 'Forbidden', 'Audit needs the admin role'));
    renderApp({ path: '/admin/audit' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the audit trail');
    expect(alert).toHaveTextContent('Forbidden: Audit needs the admin role');
  });

  it("lists the tenant's events with actor, action, resource and request id", async () => {
    const api = stubAudit(() => jsonResponse(page([makeAuditEvent()])));
    renderApp({ path: '/admin/audit' });

    const row = (await screen.findByRole('cell', { name: 'tenant.updated' })).closest('tr')!;
    expect(row).toHaveTextContent('Ada Admin');
    expect(row).toHaveTextContent('Admin');
    expect(row).toHaveTextContent('tenant acme');
    expect(row).toHaveTextContent('req-audit-42');
    expect(within(row).getByRole('time')).toHaveAttribute('dateTime', '2025-03-01T10:15:00.000Z');
    expect(api.requestsTo('GET', '/api/admin/audit')[0]?.url.searchParams.get('tenant_id')).toBe('acme');
  });
});

describe('audit trail: reading events', () => {
  it('expands a row to the resource before and after the change', async () => {
    stubAudit(() =>
      jsonResponse(page([makeAuditEvent({ before: null, after: { name: 'Acme Corp', status: 'ACTIVE' } })])),
    );
    const { user } = renderApp({ path: '/admin/audit' });
    const toggle = await screen.findByRole('button', { name: 'Show changes of event 42 (tenant.updated)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await user.click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const details = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(details).toBeVisible();
    expect(within(details).getByText('None')).toBeInTheDocument();
    expect(within(details).getByLabelText('After (JSON)')).toHaveTextContent('"status": "ACTIVE"');

    await user.click(screen.getByRole('button', { name: 'Hide changes of event 42 (tenant.updated)' }));
    expect(details).not.toBeVisible();
  });

  it('loads older events with the cursor', async () => {
    const api = stubAudit(({ url }) =>
      url.searchParams.get('cursor') === 'older'
        ? jsonResponse(page([makeAuditEvent({ seq: 41, event_id: 'evt_41', action: 'api_key.created' })]))
        : jsonResponse(page([makeAuditEvent()], 'older')),
    );
    const { user } = renderApp({ path: '/admin/audit' });

    await user.click(await screen.findByRole('button', { name: 'Load more' }));

    expect(await screen.findByRole('cell', { name: 'api_key.created' })).toBeInTheDocument();
    expect(screen.getByText('2 events, all loaded.')).toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/admin/audit')[1]?.url.searchParams.get('cursor')).toBe('older');
  });

  it('keeps the time range in the URL and sends it to the API', async () => {
    const api = stubAudit(() => jsonResponse(page([])));
    const { user, router } = renderApp({ path: '/admin/audit' });
    await screen.findByText('No audit events yet');

    fireEvent.change(screen.getByLabelText('From (local time)'), { target: { value: '2025-03-01T08:00' } });
    fireEvent.change(screen.getByLabelText('To (local time)'), { target: { value: '2025-03-02T08:00' } });
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    const from = new Date('2025-03-01T08:00').toISOString();
    const to = new Date('2025-03-02T08:00').toISOString();
    await waitFor(() => expect(router.state.location.search).toEqual({ from, to }));
    expect(await screen.findByText('No events in this time range')).toBeInTheDocument();
    const lastRequest = api.requestsTo('GET', '/api/admin/audit').at(-1)!;
    expect(lastRequest.url.searchParams.get('from')).toBe(from);
    expect(lastRequest.url.searchParams.get('to')).toBe(to);

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });

  it('reads the time range from a shared URL', async () => {
    const api = stubAudit(() => jsonResponse(page([])));
    renderApp({ path: '/admin/audit?from=2025-03-01T08%3A00%3A00.000Z' });

    await screen.findByText('No events in this time range');
    expect(screen.getByLabelText('From (local time)')).toHaveValue(
      // The input shows the instant in the browser's own time zone.
      (() => {
        const date = new Date('2025-03-01T08:00:00.000Z');
        const pad = (value: number) => String(value).padStart(2, '0');
        return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
      })(),
    );
    expect(api.requestsTo('GET', '/api/admin/audit')[0]?.url.searchParams.get('from')).toBe(
      '2025-03-01T08:00:00.000Z',
    );
  });

  it('refuses a range that ends before it starts', async () => {
    const api = stubAudit(() => jsonResponse(page([])));
    const { user } = renderApp({ path: '/admin/audit' });
    await screen.findByText('No audit events yet');

    fireEvent.change(screen.getByLabelText('From (local time)'), { target: { value: '2025-03-02T08:00' } });
    fireEvent.change(screen.getByLabelText('To (local time)'), { target: { value: '2025-03-01T08:00' } });
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    expect(screen.getByRole('alert')).toHaveTextContent('“To” must be later than “From”.');
    expect(api.requestsTo('GET', '/api/admin/audit')).toHaveLength(1);
  });

  it('lets a platform principal choose the tenant', async () => {
    const api = stubAudit(() => jsonResponse(page([makeAuditEvent()])), superAdmin);
    const { user, router } = renderApp({ path: '/admin/audit' });

    expect(await screen.findByText('Choose a tenant')).toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/admin/audit')).toHaveLength(0);
    const picker = screen.getByRole('combobox', { name: 'Tenant' });
    await waitFor(() =>
      expect(within(picker).getByRole('option', { name: 'Acme Corp (acme)' })).toBeInTheDocument(),
    );

    await user.selectOptions(picker, 'acme');

    expect(await screen.findByRole('cell', { name: 'tenant.updated' })).toBeInTheDocument();
    expect(router.state.location.search).toEqual({ tenant: 'acme' });
  });
});

describe('audit trail: verifying the chain', () => {
  it('reports an intact chain with the number of events checked', async () => {
    const api = stubAudit(() => jsonResponse(page([]))).on('GET', '/api/admin/audit/verify', () =>
      jsonResponse({ tenant_id: 'acme', ok: true, checked: 128, first_broken: null }),
    );
    const { user } = renderApp({ path: '/admin/audit' });

    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));

    expect((await screen.findByText('Chain intact.')).closest('p')).toHaveTextContent(
      'Chain intact. 128 events checked.',
    );
    expect(api.requestsTo('GET', '/api/admin/audit/verify')[0]?.url.searchParams.get('tenant_id')).toBe(
      'acme',
    );
  });

  it('reports the first broken link', async () => {
    stubAudit(() => jsonResponse(page([]))).on('GET', '/api/admin/audit/verify', () =>
      jsonResponse({
        tenant_id: 'acme',
        ok: false,
        checked: 57,
        first_broken: { seq: 57, reason: 'prev_hash mismatch' },
      }),
    );
    const { user } = renderApp({ path: '/admin/audit' });

    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));

    expect((await screen.findByText('Chain broken')).closest('p')).toHaveTextContent(
      'Chain broken at event 57: prev_hash mismatch. 57 events checked.',
    );
  });

  it('shows a failed verification', async () => {
    stubAudit(() => jsonResponse(page([]))).on('GET', '/api/admin/audit/verify', () =>
      problemResponse(500, 'Internal Server Error'),
    );
    const { user } = renderApp({ path: '/admin/audit' });

    await user.click(await screen.findByRole('button', { name: 'Verify chain' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not verify the chain');
  });
});
