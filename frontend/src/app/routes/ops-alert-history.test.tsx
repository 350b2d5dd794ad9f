import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { page, superAdmin } from '../../testing/fixtures';
import { ALERT_ID, makeAlert, makeAlertDetail, tenantOperator } from '../../testing/ops-fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubHistory(list: StubHandler, principal: Principal = tenantOperator) {
  return stubConsole(principal, {
    '/api/alerts/history': list,
    [`/api/alerts/history/${ALERT_ID}`]: () => jsonResponse(makeAlertDetail()),
  });
}

describe('alert history: states', () => {
  it('shows that alerts are loading', async () => {
    stubHistory(() => pendingResponse());
    renderApp({ path: '/ops/alerts/history' });
    expect(await screen.findByText('Loading alerts…')).toBeInTheDocument();
  });

  it('says when there are no alerts, and when filters match none', async () => {
    stubHistory(() => jsonResponse(page([])));
    renderApp({ path: '/ops/alerts/history' });
    expect(await screen.findByText('No alerts yet')).toBeInTheDocument();
  });

  it('says when filters match no alert', async () => {
    stubHistory(() => jsonResponse(page([])));
    renderApp({ path: '/ops/alerts/history?status=resolved' });
    expect(await screen.findByText('No alerts match these filters')).toBeInTheDocument();
  });

  it('shows the problem the API reported', async () => {
    stubHistory(() => problemResponse(500, 'Alert store unavailable'));
    renderApp({ path: '/ops/alerts/history' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load alerts');
  });

  it('lists alerts with severity, type, status and notification', async () => {
    stubHistory(() => jsonResponse(page([makeAlert()])));
    renderApp({ path: '/ops/alerts/history' });
    const row = (await screen.findByText('Worker policy-1 is unhealthy')).closest('tr')!;
    expect(row).toHaveTextContent('CRITICAL');
    expect(row).toHaveTextContent('Worker unhealthy');
    expect(row).toHaveTextContent('firing');
    expect(row).toHaveTextContent('delivered');
  });
});

describe('alert history: filters, detail, actions', () => {
  it('keeps filters in the URL and sends them', async () => {
    const api = stubHistory(() => jsonResponse(page([makeAlert()])));
    const { user, router } = renderApp({ path: '/ops/alerts/history' });
    await screen.findByText('Worker policy-1 is unhealthy');

    await user.selectOptions(screen.getByLabelText('Type'), 'WORKER_UNHEALTHY');
    await user.selectOptions(screen.getByLabelText('Status'), 'firing');
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    await waitFor(() =>
      expect(router.state.location.search).toEqual({ type: 'WORKER_UNHEALTHY', status: 'firing' }),
    );
    await waitFor(() => {
      const sent = api.requestsTo('GET', '/api/alerts/history').at(-1)!.url.searchParams;
      expect([sent.get('type'), sent.get('status'), sent.has('tenant_id')]).toEqual([
        'WORKER_UNHEALTHY',
        'firing',
        false,
      ]);
    });
  });

  it("reads the platform's own alerts for platform principals unless a tenant is chosen", async () => {
    const api = stubHistory(() => jsonResponse(page([makeAlert()])), superAdmin);
    renderApp({ path: '/ops/alerts/history' });
    await screen.findByText('Worker policy-1 is unhealthy');
    expect(api.requestsTo('GET', '/api/alerts/history')[0]?.url.searchParams.get('tenant_id')).toBe(
      'platform',
    );
  });

  it('opens an alert with its delivery attempts', async () => {
    stubHistory(() => jsonResponse(page([makeAlert()])));
    const { user } = renderApp({ path: '/ops/alerts/history' });
    await user.click(await screen.findByRole('button', { name: 'Open Worker policy-1 is unhealthy' }));

    const detail = await screen.findByRole('dialog', { name: 'Worker policy-1 is unhealthy' });
    expect(await within(detail).findByText('3 consecutive probe failures')).toBeInTheDocument();
    const attempt = within(detail).getByText('triggered').closest('tr')!;
    expect(attempt).toHaveTextContent('delivered');
    expect(attempt).toHaveTextContent('HTTP 204');
  });

  it('acknowledges and resolves a firing alert', async () => {
    const api = stubHistory(() => jsonResponse(page([makeAlert()])))
      .on('POST', `/api/alerts/history/${ALERT_ID}/acknowledge`, () =>
        jsonResponse(makeAlert({ status: 'acknowledged' })),
      )
      .on('POST', `/api/alerts/history/${ALERT_ID}/resolve`, () =>
        jsonResponse(makeAlert({ status: 'resolved' })),
      );
    const { user } = renderApp({ path: '/ops/alerts/history' });

    await user.click(await screen.findByRole('button', { name: 'Acknowledge Worker policy-1 is unhealthy' }));
    expect(await screen.findByText('Alert acknowledged')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Resolve Worker policy-1 is unhealthy' }));
    expect(await screen.findByText('Alert resolved')).toBeInTheDocument();
    expect(api.requestsTo('POST', `/api/alerts/history/${ALERT_ID}/acknowledge`)).toHaveLength(1);
    expect(api.requestsTo('POST', `/api/alerts/history/${ALERT_ID}/resolve`)).toHaveLength(1);
  });

  it('offers no acknowledge on a resolved alert', async () => {
    stubHistory(() => jsonResponse(page([makeAlert({ status: 'resolved' })])));
    renderApp({ path: '/ops/alerts/history' });
    await screen.findByText('Worker policy-1 is unhealthy');
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Resolve/ })).not.toBeInTheDocument();
  });
});
