import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { adminKey, apiCall, consoleUrl, signIn, useBrowserPages } from './support/browser';

describe('the console in Chromium', () => {
  let page: Page;
  const pages = useBrowserPages({ viewport: { width: 1366, height: 850 } });

  async function freshPage() {
    page = await pages.open();
    return page;
  }

  it('refuses a wrong key on the sign-in page', async () => {
    await freshPage();
    await signIn(page, `odk_${'0'.repeat(20)}_${'A'.repeat(43)}`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent(), { timeout: 15_000 })
      .toMatch(/not valid|revoked/i);
    expect(page.url()).toContain('/sign-in');
  });

  it('signs a super-admin in, creates a tenant and issues a key whose secret is shown once', async () => {
    await freshPage();
    await signIn(page, adminKey);
    // Operators and above start on the Ops overview.
    await page.getByRole('heading', { name: 'Operations overview', level: 1 }).waitFor();
    await expect
      .poll(() => page.locator('header').textContent(), { timeout: 15_000 })
      .toMatch(/bootstrap super-admin/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tenants' }).click();
    await page.getByRole('heading', { name: 'Tenants', level: 1 }).waitFor();

    const tenantId = `e2e-${randomBytes(3).toString('hex')}`;
    await page.getByRole('button', { name: 'New tenant' }).click();
    const dialog = page.getByRole('dialog', { name: 'New tenant' });
    await dialog.getByLabel('Tenant id').fill(tenantId);
    await dialog.getByLabel('Name').fill('E2E Corp');
    await dialog.getByRole('button', { name: /create/i }).click();
    await page.getByRole('cell', { name: tenantId }).waitFor();

    const tenant = await apiCall('GET', `/admin/tenants/${tenantId}`);
    expect(tenant.body).toMatchObject({ tenant_id: tenantId, name: 'E2E Corp', status: 'ACTIVE' });

    await page.getByRole('link', { name: `API keys of E2E Corp` }).click();
    await page.getByRole('button', { name: 'New API key' }).click();
    const keyDialog = page.getByRole('dialog');
    await keyDialog.getByLabel('Name').fill('e2e viewer');
    await keyDialog.getByLabel('Role').selectOption('viewer');
    await keyDialog.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^odk_[a-z0-9]{20}_/);
    const me = await apiCall('GET', '/me', undefined, secret);
    expect(me.body).toMatchObject({ name: 'e2e viewer', role: 'viewer', tenant_id: tenantId });
  });

  it('shows a tenant viewer only what its role allows, and the API refuses what the console hides', async () => {
    const tenantId = `e2e-${randomBytes(3).toString('hex')}`;
    await apiCall('POST', '/admin/tenants', { tenant_id: tenantId, name: 'Viewer Corp' });
    const viewer = (
      await apiCall('POST', `/admin/tenants/${tenantId}/api-keys`, { name: 'viewer', role: 'viewer' })
    ).body.secret;
    await freshPage();
    await signIn(page, viewer);
    await page.getByRole('heading', { name: 'Tenant', level: 1 }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Tenant']);

    await page.goto(`${consoleUrl}/admin/api-keys`);
    await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toMatch(/admins/i);
    const forced = await apiCall('GET', `/admin/tenants/${tenantId}/api-keys`, undefined, viewer);
    expect(forced.status).toBe(403);
  });

  it('returns to sign-in when the key is revoked, and sign-out forgets the key', async () => {
    const tenantId = `e2e-${randomBytes(3).toString('hex')}`;
    await apiCall('POST', '/admin/tenants', { tenant_id: tenantId, name: 'Revoked Corp' });
    const created = (
      await apiCall('POST', `/admin/tenants/${tenantId}/api-keys`, { name: 'short-lived', role: 'admin' })
    ).body;
    await freshPage();
    await signIn(page, created.secret);
    await page.getByRole('heading', { name: 'Operations overview', level: 1 }).waitFor();
    await apiCall('DELETE', `/admin/api-keys/${created.key_id}`);
    await page.reload();
    await page.waitForURL(/\/sign-in/);

    await signIn(page, adminKey);
    await page.getByRole('heading', { name: 'Operations overview', level: 1 }).waitFor();
    await page.getByRole('button', { name: /sign out/i }).click();
    await page.waitForURL(/\/sign-in/);
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('odk_');
  });
});
