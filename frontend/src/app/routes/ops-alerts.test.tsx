import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, pendingResponse, problemResponse, type StubHandler } from '../../testing/fetch-stub';
import { superAdmin, tenantAdmin } from '../../testing/fixtures';
import { CHANNEL_ID, makeChannel, makeRule, RULE_ID, tenantOperator } from '../../testing/ops-fixtures';
import { renderApp } from '../../testing/render-app';
import { stubConsole } from '../../testing/stub-console';
import type { Principal } from '../../types/api';

function stubAlerts({
  rules = () => jsonResponse({ items: [makeRule()] }),
  channels = () => jsonResponse({ items: [makeChannel()] }),
  principal = tenantAdmin,
}: { rules?: StubHandler; channels?: StubHandler; principal?: Principal } = {}) {
  return stubConsole(principal, {
    '/api/alerts/config': rules,
    '/api/alerts/channels': channels,
  });
}

describe('alert rules page: states', () => {
  it('shows that rules and channels are loading', async () => {
    stubAlerts({ rules: () => pendingResponse(), channels: () => pendingResponse() });
    renderApp({ path: '/ops/alerts' });
    expect(await screen.findByText('Loading alert rules…')).toBeInTheDocument();
    expect(screen.getByText('Loading channels…')).toBeInTheDocument();
  });

  it('says when there are no rules or channels', async () => {
    stubAlerts({ rules: () => jsonResponse({ items: [] }), channels: () => jsonResponse({ items: [] }) });
    renderApp({ path: '/ops/alerts' });
    expect(await screen.findByText('No alert rules')).toBeInTheDocument();
    expect(screen.getByText('No channels')).toBeInTheDocument();
  });

  it('shows the problem the API reported', async () => {
    stubAlerts({
      rules: () => problemResponse(500, 'Rules unavailable'),
      channels: () => problemResponse(500, 'Down'),
    });
    renderApp({ path: '/ops/alerts' });
    expect(await screen.findByText('Could not load alert rules')).toBeInTheDocument();
    expect(screen.getByText('Could not load channels')).toBeInTheDocument();
  });

  it('lists rules with threshold and unit, channels, quiet hours and escalation', async () => {
    stubAlerts();
    renderApp({ path: '/ops/alerts' });
    const row = (await screen.findByText('DLQ growth')).closest('tr')!;
    expect(row).toHaveTextContent('100 pending entries');
    expect(row).toHaveTextContent('On-call webhook');
    expect(row).toHaveTextContent('22:00–07:00 Europe/Berlin');
    expect(row).toHaveTextContent('after 30 min to On-call webhook');
    expect(row).toHaveTextContent('Enabled');
    const channel = screen.getByText('https://hooks.example.test/opsdeck').closest('tr')!;
    expect(channel).toHaveTextContent('Not verified');
  });

  it('hides every manage button from operators', async () => {
    stubAlerts({ principal: tenantOperator });
    renderApp({ path: '/ops/alerts' });
    await screen.findByText('DLQ growth');
    expect(screen.queryByRole('button', { name: 'New rule' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Send a test/ })).not.toBeInTheDocument();
  });
});

describe('alert rules page: managing', () => {
  it('creates a rule with threshold, severity, channel, quiet hours and escalation', async () => {
    const api = stubAlerts({ rules: () => jsonResponse({ items: [] }) }).on(
      'POST',
      '/api/alerts/config',
      () => jsonResponse(makeRule({ alert_type: 'SLA_BREACH' }), 201),
    );
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(await screen.findByRole('button', { name: 'New rule' }));
    const dialog = screen.getByRole('dialog', { name: 'New alert rule' });

    await user.selectOptions(within(dialog).getByLabelText('Type'), 'ERROR_RATE_HIGH');
    await user.clear(within(dialog).getByLabelText('Threshold'));
    await user.type(within(dialog).getByLabelText('Threshold'), '7.5');
    await user.selectOptions(within(dialog).getByLabelText('Severity'), 'CRITICAL');
    await user.click(within(dialog).getByRole('checkbox', { name: 'On-call webhook (webhook)' }));
    await user.click(within(dialog).getByRole('checkbox', { name: /Quiet hours/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /Escalate when not acknowledged/ }));
    const escalateTo = within(dialog).getByRole('group', { name: 'Escalate to' });
    await user.click(within(escalateTo).getByRole('checkbox', { name: 'On-call webhook (webhook)' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));

    await waitFor(() => expect(api.requestsTo('POST', '/api/alerts/config')).toHaveLength(1));
    expect(api.requestsTo('POST', '/api/alerts/config')[0]?.body).toMatchObject({
      alert_type: 'ERROR_RATE_HIGH',
      threshold_value: 7.5,
      threshold_unit: 'percent',
      window_minutes: 5,
      scope: null,
      severity: 'CRITICAL',
      channels: [CHANNEL_ID],
      quiet_hours: { start: '22:00', end: '07:00' },
      escalation: { after_minutes: 30, channels: [CHANNEL_ID] },
      enabled: true,
    });
    expect(await screen.findByText('Alert rule created')).toBeInTheDocument();
  });

  it('checks the threshold against its unit before sending', async () => {
    const api = stubAlerts({ rules: () => jsonResponse({ items: [] }) });
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(await screen.findByRole('button', { name: 'New rule' }));
    const dialog = screen.getByRole('dialog', { name: 'New alert rule' });
    await user.selectOptions(within(dialog).getByLabelText('Type'), 'SLA_IMMINENT');
    await user.clear(within(dialog).getByLabelText('Threshold'));
    await user.type(within(dialog).getByLabelText('Threshold'), '150');
    await user.click(within(dialog).getByRole('button', { name: 'Create rule' }));

    expect(within(dialog).getByText('Between 1 and 99.')).toBeInTheDocument();
    expect(api.requestsTo('POST', '/api/alerts/config')).toHaveLength(0);
  });

  it('edits a rule with PUT', async () => {
    const api = stubAlerts().on('PUT', `/api/alerts/config/${RULE_ID}`, () =>
      jsonResponse(makeRule({ enabled: false })),
    );
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(await screen.findByRole('button', { name: 'Edit rule DLQ growth' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit rule: DLQ growth' });
    await user.click(within(dialog).getByRole('checkbox', { name: 'Enabled' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save rule' }));

    await waitFor(() => expect(api.requestsTo('PUT', `/api/alerts/config/${RULE_ID}`)).toHaveLength(1));
    expect(api.requestsTo('PUT', `/api/alerts/config/${RULE_ID}`)[0]?.body).toMatchObject({
      enabled: false,
      threshold_value: 100,
    });
  });

  it('creates a webhook channel and shows its secret once', async () => {
    const api = stubAlerts().on('POST', '/api/alerts/channels', () =>
      jsonResponse(
        { ...makeChannel({ name: 'Pager' }), secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' },
        201,
      ),
    );
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(await screen.findByRole('button', { name: 'New channel' }));
    const dialog = screen.getByRole('dialog', { name: 'New channel' });
    await user.type(within(dialog).getByLabelText('Name'), 'Pager');
    await user.type(within(dialog).getByLabelText('URL'), 'https://pager.example.test/hook');
    await user.click(within(dialog).getByRole('button', { name: 'Create channel' }));

    expect(await screen.findByLabelText('Secret')).toHaveValue('whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0');
    expect(api.requestsTo('POST', '/api/alerts/channels')[0]?.body).toEqual({
      channel_type: 'webhook',
      name: 'Pager',
      enabled: true,
      url: 'https://pager.example.test/hook',
    });
  });

  it('sends a test notification and shows its result', async () => {
    stubAlerts().on('POST', `/api/alerts/channels/${CHANNEL_ID}/verify`, () =>
      jsonResponse({
        channel: makeChannel({ verified: true }),
        result: {
          at: '2025-03-01T12:00:00.000Z',
          ok: false,
          status_code: 500,
          error: 'receiver failed',
          latency_ms: 42,
        },
        notification_id: 'test_1',
      }),
    );
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(
      await screen.findByRole('button', { name: 'Send a test notification to On-call webhook' }),
    );

    expect(await screen.findByRole('status', { name: 'Test result for On-call webhook' })).toHaveTextContent(
      'Failed (HTTP 500): receiver failed · 42 ms',
    );
  });

  it('deletes a channel after confirmation and says so', async () => {
    const api = stubAlerts().on(
      'DELETE',
      `/api/alerts/channels/${CHANNEL_ID}`,
      () => new Response(null, { status: 204 }),
    );
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(await screen.findByRole('button', { name: 'Delete channel On-call webhook' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete the channel “On-call webhook”?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete channel' }));

    expect(await screen.findByText('Channel deleted')).toBeInTheDocument();
    expect(api.requestsTo('DELETE', `/api/alerts/channels/${CHANNEL_ID}`)).toHaveLength(1);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it('reports a rule the API would not delete', async () => {
    stubAlerts().on('DELETE', `/api/alerts/config/${RULE_ID}`, () =>
      problemResponse(409, 'Conflict', 'The rule is being evaluated'),
    );
    const { user } = renderApp({ path: '/ops/alerts' });
    await user.click(await screen.findByRole('button', { name: 'Delete rule DLQ growth' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete the DLQ growth rule?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete rule' }));

    expect(await screen.findByText('Could not delete the rule')).toBeInTheDocument();
    expect(screen.getByText('The rule is being evaluated')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it("manages the platform's own rules for platform principals by default", async () => {
    const api = stubAlerts({ principal: superAdmin });
    renderApp({ path: '/ops/alerts' });
    await screen.findByText('DLQ growth');
    expect(api.requestsTo('GET', '/api/alerts/config')[0]?.url.searchParams.get('tenant_id')).toBe(
      'platform',
    );
  });
});
