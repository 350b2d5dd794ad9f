import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { page, superAdmin } from '../../testing/fixtures';
import {
  makeAtRisk,
  makeBreach,
  makeCompliance,
  makeResolution,
  tenantOperator,
} from '../../testing/ops-fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubSla(all?: StubHandler, principal: Principal = tenantOperator) {
  return stubConsole(principal, {
    '/api/ops/sla/compliance': all ?? (() => jsonResponse(makeCompliance())),
    '/api/ops/sla/resolution-time': all ?? (() => jsonResponse(makeResolution())),
    '/api/ops/sla/at-risk': all ?? (() => jsonResponse(makeAtRisk())),
    '/api/ops/sla/breaches': all ?? (() => jsonResponse(page([makeBreach()]))),
  });
}

describe('SLA page: states', () => {
  it('shows that every panel is loading', async () => {
    stubSla(() => pendingResponse());
    renderApp({ path: '/ops/sla' });

    expect(await screen.findAllByText('Loading compliance…')).toHaveLength(2);
    expect(screen.getByText('Loading resolution times…')).toBeInTheDocument();
    expect(screen.getByText('Loading at-risk exceptions…')).toBeInTheDocument();
    expect(screen.getByText('Loading breaches…')).toBeInTheDocument();
  });

  it('says when there is nothing to show', async () => {
    const compliance = makeCompliance();
    compliance.buckets = [];
    stubSla()
      .on('GET', '/api/ops/sla/compliance', () => jsonResponse(compliance))
      .on('GET', '/api/ops/sla/resolution-time', () => jsonResponse({ ...makeResolution(), by_severity: {} }))
      .on('GET', '/api/ops/sla/at-risk', () => jsonResponse({ ...makeAtRisk(), items: [] }))
      .on('GET', '/api/ops/sla/breaches', () => jsonResponse(page([])));
    renderApp({ path: '/ops/sla' });

    expect(await screen.findAllByText('No SLA decisions in this period')).toHaveLength(2);
    expect(await screen.findByText('Nothing resolved in this period')).toBeInTheDocument();
    expect(screen.getByText('Nothing at risk')).toBeInTheDocument();
    expect(screen.getByText('No breaches in the last 30 days')).toBeInTheDocument();
  });

  it('shows the problem the API reported', async () => {
    stubSla(() => problemResponse(500, 'SLA store unavailable'));
    renderApp({ path: '/ops/sla' });

    expect(await screen.findAllByText('Could not load SLA compliance')).toHaveLength(2);
    expect(screen.getByText('Could not load at-risk exceptions')).toBeInTheDocument();
    expect(screen.getByText('Could not load breaches')).toBeInTheDocument();
  });

  it('shows compliance, at-risk exceptions and breaches of the principal’s tenant', async () => {
    const api = stubSla();
    renderApp({ path: '/ops/sla' });

    expect(await screen.findByRole('figure', { name: 'SLA compliance rate (percent)' })).toBeInTheDocument();
    expect(screen.getByText('90.0 %')).toBeInTheDocument();
    expect(screen.getByText('-10 points vs. the period before')).toBeInTheDocument();
    const risky = (await screen.findByText('exc_risky_1')).closest('tr')!;
    expect(risky).toHaveTextContent('10 min 0 s');
    expect(risky).toHaveTextContent('85.7 %');
    expect(risky).toHaveTextContent('Likely');
    const breach = (await screen.findByText('exc_breached_1')).closest('tr')!;
    expect(within(breach).getByText('Open')).toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/ops/sla/compliance')[0]?.url.searchParams.get('tenant_id')).toBe(
      'acme',
    );
  });
});

describe('SLA page: selectors', () => {
  it('shows a platform principal every tenant, then keeps the chosen tenant and period in the URL', async () => {
    const api = stubSla(undefined, superAdmin);
    const { user, router } = renderApp({ path: '/ops/sla' });
    expect(await screen.findByRole('figure', { name: 'SLA compliance rate (percent)' })).toBeInTheDocument();
    expect(api.requestsTo('GET', '/api/ops/sla/compliance')[0]?.url.searchParams.has('tenant_id')).toBe(
      false,
    );
    expect(await screen.findAllByRole('columnheader', { name: 'Tenant' })).toHaveLength(2);

    await screen.findByRole('option', { name: /Acme Corp/ });
    await user.selectOptions(screen.getByLabelText('Tenant'), 'acme');
    await user.click(screen.getByRole('button', { name: 'Month' }));

    await waitFor(() => expect(router.state.location.search).toEqual({ tenant: 'acme', period: 'month' }));
    await waitFor(() =>
      expect(api.requestsTo('GET', '/api/ops/sla/compliance').at(-1)?.url.searchParams.get('period')).toBe(
        'month',
      ),
    );
    expect(
      api.requestsTo('GET', '/api/ops/sla/resolution-time').at(-1)?.url.searchParams.get('tenant_id'),
    ).toBe('acme');
  });
});
