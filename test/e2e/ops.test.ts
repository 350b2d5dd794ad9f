import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  adminKey,
  apiCall,
  consoleUrl,
  fastRefresh,
  fleetWorker,
  useBrowserPages,
  setFaults,
  signIn,
  waitUntil,
} from './support/browser';

interface DlqRow {
  dlq_id: string;
  event_type: string;
  status: string;
}

/**
 * The operations pages in Chromium against the local stack with the reference fleet: live health,
 * an injected fault turning a worker unhealthy and raising an alert that is acknowledged, DLQ
 * entries made by a failing stage retried one by one and as a batch, and a viewer kept out.
 */
describe('the operations console against the live fleet', () => {
  let page: Page;
  const pages = useBrowserPages({ viewport: { width: 1280, height: 900 }, prepare: fastRefresh });

  async function freshPage() {
    page = await pages.open();
    return page;
  }

  const workerCard = (label: string, status: string) =>
    page.getByRole('list', { name: 'Worker types' }).getByRole('listitem', { name: `${label}: ${status}` });

  it(
    'shows a healthy fleet, then a faulted worker turning unhealthy and its alert, which is acknowledged',
    { timeout: 240_000 },
    async () => {
      const triage = fleetWorker('triage');
      // One rule per type and owner: the demo data may already hold a platform WORKER_UNHEALTHY rule.
      const settings = {
        tenant_id: 'platform',
        alert_type: 'WORKER_UNHEALTHY',
        threshold_value: 2,
        threshold_unit: 'consecutive_failures',
        scope: { worker_type: 'triage' },
        severity: 'CRITICAL',
      };
      const existing = (await apiCall('GET', '/alerts/config?tenant_id=platform')).body.items.find(
        (candidate: { alert_type: string }) => candidate.alert_type === 'WORKER_UNHEALTHY',
      ) as { config_id: string } | undefined;
      const rule = existing
        ? await apiCall('PUT', `/alerts/config/${existing.config_id}?tenant_id=platform`, settings)
        : await apiCall('POST', '/alerts/config', settings);
      expect(rule.status, JSON.stringify(rule.body)).toBe(existing ? 200 : 201);

      await freshPage();
      await signIn(page, adminKey);
      await page.getByRole('heading', { name: 'Operations overview', level: 1 }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workers' }).click();
      await page.getByRole('heading', { name: 'Workers', level: 1 }).waitFor();
      await expect
        .poll(() => page.getByRole('listitem', { name: /: healthy$/ }).count(), {
          timeout: 120_000,
          interval: 2000,
        })
        .toBe(7);
      await page.getByRole('figure', { name: /Throughput per worker type/ }).waitFor({ timeout: 60_000 });

      try {
        await setFaults(triage.instance_id, { unhealthy: true });
        await workerCard('Triage', 'unhealthy').waitFor({ timeout: 90_000 });

        await page.goto(`${consoleUrl}/ops/alerts/history`);
        const acknowledge = page.getByRole('button', { name: /^Acknowledge / }).first();
        await acknowledge.waitFor({ timeout: 90_000 });
        await acknowledge.click();
        await page.getByText('Alert acknowledged').waitFor();
        const acknowledged = await apiCall('GET', '/alerts/history?tenant_id=platform&status=acknowledged');
        expect(acknowledged.body.items.map((alert: { alert_type: string }) => alert.alert_type)).toContain(
          'WORKER_UNHEALTHY',
        );
      } finally {
        await setFaults(triage.instance_id, null);
      }
    },
  );

  it('retries a DLQ entry and then a batch; they leave pending', { timeout: 240_000 }, async () => {
    const policy = fleetWorker('policy');
    let pending: DlqRow[];
    try {
      await setFaults(policy.instance_id, { error_rate: 1 });
      pending = (
        await waitUntil(
          () => apiCall('GET', '/ops/dlq?status=pending&worker_type=policy&limit=50'),
          (answer) => answer.body.items?.length >= 3,
          { timeoutMs: 150_000, intervalMs: 2000, what: 'three pending policy dead letters' },
        )
      ).body.items as DlqRow[];
    } finally {
      await setFaults(policy.instance_id, null);
    }
    const [single, ...batch] = pending.slice(0, 3) as [DlqRow, DlqRow, DlqRow];

    await freshPage();
    await signIn(page, adminKey);
    await page.getByRole('heading', { name: 'Operations overview', level: 1 }).waitFor();
    await page.goto(`${consoleUrl}/ops/dlq?status=pending`);
    await page.getByRole('figure', { name: /Dead letters received per day/ }).waitFor({ timeout: 30_000 });

    const retry = page.getByRole('button', { name: `Retry ${single.event_type} ${single.dlq_id}` });
    await retry.click();
    await page.getByText('Entry retried').waitFor();
    await retry.waitFor({ state: 'detached' });
    expect((await apiCall('GET', `/ops/dlq/${single.dlq_id}`)).body.status).toBe('succeeded');

    for (const entry of batch) {
      await page.getByRole('checkbox', { name: `Select ${entry.event_type} ${entry.dlq_id}` }).check();
    }
    await page.getByRole('button', { name: 'Retry selected (2)' }).click();
    await page.getByText('Batch retry finished').waitFor({ timeout: 60_000 });
    for (const entry of batch) {
      await waitUntil(
        () => apiCall('GET', `/ops/dlq/${entry.dlq_id}`),
        (answer) => answer.body.status !== 'pending' && answer.body.status !== 'retrying',
        { what: `${entry.dlq_id} to leave pending` },
      );
      await page
        .getByRole('button', { name: `Open ${entry.event_type} ${entry.dlq_id}` })
        .waitFor({ state: 'detached' });
    }
  });

  it('hides the operations pages and retry buttons from a viewer, and the API refuses a forced retry', async () => {
    const viewer = (
      await apiCall('POST', '/admin/tenants/acme/api-keys', { name: 'e2e ops viewer', role: 'viewer' })
    ).body.secret as string;
    const anyEntry = (await apiCall('GET', '/ops/dlq?tenant_id=acme&limit=1')).body.items[0] as
      DlqRow | undefined;

    await freshPage();
    await signIn(page, viewer);
    await page.getByRole('heading', { name: 'Tenant', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Tenant']);
    await page.goto(`${consoleUrl}/ops/dlq`);
    await expect
      .poll(() => page.locator('main').textContent(), { timeout: 15_000 })
      .toMatch(/operators and above/);
    expect(await page.getByRole('button', { name: /^Retry/ }).count()).toBe(0);

    const forced = await apiCall(
      'POST',
      `/ops/dlq/${anyEntry?.dlq_id ?? 'dlq_01JN0000000000000000000000'}/retry`,
      {},
      viewer,
    );
    expect(forced.status).toBe(403);
  });
});
