import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { page, superAdmin } from '../../testing/fixtures';
import {
  makeAlert,
  makeAlertStats,
  makeCompliance,
  makeDlqStats,
  makeThroughput,
  makeWorkerHealth,
  tenantOperator,
} from '../../testing/ops-fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubHome(all?: StubHandler, principal: Principal = tenantOperator) {
  return stubConsole(principal, {
    '/api/ops/workers/throughput': all ?? (() => jsonResponse(makeThroughput())),
    '/api/ops/workers/health': all ?? (() => jsonResponse(makeWorkerHealth())),
    '/api/ops/sla/compliance': all ?? (() => jsonResponse(makeCompliance())),
    '/api/ops/dlq/stats': all ?? (() => jsonResponse(makeDlqStats())),
    '/api/alerts/history/stats': all ?? (() => jsonResponse(makeAlertStats())),
    '/api/alerts/history': all ?? (() => jsonResponse(page([makeAlert()]))),
  });
}

describe('Ops overview', () => {
  it('is where operators land', async () => {
    stubHome();
    const { router } = renderApp({ path: '/' });
    expect(await screen.findByRole('heading', { name: 'Operations overview', level: 1 })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/ops');
  });

  it('shows that its panels are loading', async () => {
    stubHome(() => pendingResponse());
    renderApp({ path: '/ops' });
    expect(await screen.findAllByText('Loading…')).toHaveLength(4);
    expect(screen.getByText('Loading alerts…')).toBeInTheDocument();
    expect(screen.getByText('Loading worker health…')).toBeInTheDocument();
  });

  it('says when there are no alerts and no workers', async () => {
    stubHome()
      .on('GET', '/api/alerts/history', () => jsonResponse(page([])))
      .on('GET', '/api/ops/workers/health', () =>
        jsonResponse(
          makeWorkerHealth({
            counts: { healthy: 0, degraded: 0, unhealthy: 0, total: 0 },
            summary: [],
            items: [],
          }),
        ),
      );
    renderApp({ path: '/ops' });
    expect(await screen.findByText('No alerts')).toBeInTheDocument();
    expect(await screen.findByText('No workers registered')).toBeInTheDocument();
  });

  it('shows what failed on each panel', async () => {
    stubHome(() => problemResponse(500, 'Backend down'));
    renderApp({ path: '/ops' });
    expect(await screen.findByText('Could not load alerts')).toBeInTheDocument();
    expect(screen.getByText('Could not load worker health')).toBeInTheDocument();
    expect(await screen.findAllByText(/Could not load: Backend down/)).toHaveLength(4);
  });

  it('shows the key figures, recent alerts, worker health and quick links', async () => {
    stubHome();
    renderApp({ path: '/ops' });
    const figures = await screen.findByRole('region', { name: 'Key figures' });
    expect(await within(figures).findByText('150')).toBeInTheDocument();
    expect(within(figures).getByText('90.0 %')).toBeInTheDocument();
    expect(within(figures).getByText('3')).toBeInTheDocument();
    expect(within(figures).getByText('2')).toBeInTheDocument();
    const alerts = await screen.findByRole('list', { name: 'Recent alerts' });
    expect(within(alerts).getByRole('link', { name: 'Worker policy-1 is unhealthy' })).toBeInTheDocument();
    expect(within(alerts).getByText('CRITICAL')).toBeInTheDocument();
    const health = screen.getByRole('group', { name: 'Instances by status' });
    expect(health).toHaveTextContent('Healthy2');
    expect(health).toHaveTextContent('Unhealthy1');
    const links = screen.getByRole('region', { name: 'Quick links' });
    expect(
      within(links)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['/ops/workers', '/ops/sla', '/ops/dlq', '/ops/alerts/history', '/ops/alerts']);
  });

  it('asks for the platform alerts and every tenant’s figures for platform principals', async () => {
    const api = stubHome(undefined, superAdmin);
    renderApp({ path: '/ops' });
    await screen.findByRole('list', { name: 'Recent alerts' });
    expect(api.requestsTo('GET', '/api/alerts/history')[0]?.url.searchParams.get('tenant_id')).toBe(
      'platform',
    );
    expect(api.requestsTo('GET', '/api/ops/sla/compliance')[0]?.url.searchParams.has('tenant_id')).toBe(
      false,
    );
  });
});
