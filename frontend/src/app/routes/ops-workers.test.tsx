import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { superAdmin, tenantViewer } from '../../testing/fixtures';
import {
  emptyMetrics,
  makeErrors,
  makeLatency,
  makeThroughput,
  makeWorkerHealth,
  tenantOperator,
} from '../../testing/ops-fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubWorkers(
  health: StubHandler,
  { principal = tenantOperator, metrics }: { principal?: Principal; metrics?: StubHandler } = {},
) {
  return stubConsole(principal, {
    '/api/ops/workers/health': health,
    '/api/ops/workers/throughput': metrics ?? (() => jsonResponse(makeThroughput())),
    '/api/ops/workers/latency': metrics ?? (() => jsonResponse(makeLatency())),
    '/api/ops/workers/errors': metrics ?? (() => jsonResponse(makeErrors())),
  });
}

describe('workers page: states', () => {
  it('shows that health and metrics are loading', async () => {
    stubWorkers(() => pendingResponse(), { metrics: () => pendingResponse() });
    renderApp({ path: '/ops/workers' });

    expect(await screen.findByText('Loading worker health…')).toBeInTheDocument();
    expect(screen.getByText('Loading throughput…')).toBeInTheDocument();
    expect(screen.getByText('Loading latency…')).toBeInTheDocument();
    expect(screen.getByText('Loading error rates…')).toBeInTheDocument();
  });

  it('says when no workers are registered and no events were processed', async () => {
    stubWorkers(() => jsonResponse(makeWorkerHealth({ summary: [], items: [] })), {
      metrics: () => jsonResponse(emptyMetrics()),
    });
    renderApp({ path: '/ops/workers' });

    expect(await screen.findByText('No workers registered')).toBeInTheDocument();
    expect(await screen.findAllByText('No events in this range')).toHaveLength(3);
  });

  it('shows the problem the API reported', async () => {
    stubWorkers(() => problemResponse(503, 'Health unavailable', 'The prober is starting'), {
      metrics: () => problemResponse(500, 'Metrics failed'),
    });
    renderApp({ path: '/ops/workers' });

    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((alert) => alert.textContent).join(' ')).toContain(
      'Could not load worker healthHealth unavailable: The prober is starting',
    );
    expect(screen.getByText('Could not load throughput')).toBeInTheDocument();
  });

  it('shows a card per worker type and charts for the chosen range', async () => {
    const api = stubWorkers(() => jsonResponse(makeWorkerHealth()));
    renderApp({ path: '/ops/workers?range=24h' });

    const cards = await screen.findByRole('list', { name: 'Worker types' });
    expect(within(cards).getByRole('listitem', { name: 'Intake: healthy' })).toHaveTextContent(
      '2 of 2 instances healthy',
    );
    expect(within(cards).getByRole('listitem', { name: 'Policy: unhealthy' })).toHaveTextContent(
      'every instance failed its probe',
    );
    expect(
      await screen.findByRole('figure', { name: 'Throughput per worker type (events per second)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Over the last 24 hours (90 events): p50 12 ms · p95 40 ms · p99 90 ms'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Average over the last 24 hours: Intake/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '24 hours' })).toHaveAttribute('aria-pressed', 'true');
    expect(api.requestsTo('GET', '/api/ops/workers/throughput')[0]?.url.searchParams.get('range')).toBe(
      '24h',
    );
  });
});

describe('workers page: interaction', () => {
  it('keeps the range in the URL and asks again', async () => {
    const api = stubWorkers(() => jsonResponse(makeWorkerHealth()));
    const { user, router } = renderApp({ path: '/ops/workers' });
    await user.click(await screen.findByRole('button', { name: '5 min' }));

    await waitFor(() => expect(router.state.location.search).toMatchObject({ range: '5m' }));
    await waitFor(() =>
      expect(api.requestsTo('GET', '/api/ops/workers/latency').at(-1)?.url.searchParams.get('range')).toBe(
        '5m',
      ),
    );
  });

  it('expands a worker type to its instances', async () => {
    stubWorkers(() => jsonResponse(makeWorkerHealth()));
    const { user } = renderApp({ path: '/ops/workers' });
    const toggle = await screen.findByRole('button', { name: /Show instances of Policy/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');

    await user.click(toggle);

    const rows = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(rows).toBeVisible();
    expect(within(rows).getByText('policy-1')).toBeInTheDocument();
    expect(within(rows).getByText('readiness probe answered 503')).toBeInTheDocument();
  });

  it('offers platform principals a tenant filter for the metrics', async () => {
    const api = stubWorkers(() => jsonResponse(makeWorkerHealth()), { principal: superAdmin });
    const { user } = renderApp({ path: '/ops/workers' });
    const picker = await screen.findByLabelText('Tenant');
    await screen.findByRole('option', { name: /Acme Corp/ });

    await user.selectOptions(picker, 'acme');

    await waitFor(() =>
      expect(api.requestsTo('GET', '/api/ops/workers/errors').at(-1)?.url.searchParams.get('tenant_id')).toBe(
        'acme',
      ),
    );
  });

  it('is not available to viewers', async () => {
    stubWorkers(() => jsonResponse(makeWorkerHealth()), { principal: tenantViewer });
    renderApp({ path: '/ops/workers' });

    expect(await screen.findByText('Not available for your role')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Workers' })).not.toBeInTheDocument();
  });
});
