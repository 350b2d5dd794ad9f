import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const stack = inject('stack');
export const adminKey = inject('adminKey');
export const consoleUrl = stack.gateway.replace('localhost', '127.0.0.1');

const CHROMIUM = process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching beyond loopback. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Calls the API directly (to prepare data a test then looks at in the console). */
export async function apiCall(method: string, path: string, body?: unknown, key = adminKey) {
  const response = await fetch(`${consoleUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** Signs in through the sign-in page, as a user pastes a key. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${consoleUrl}/`);
  await page.getByLabel(/api key/i).fill(key);
  await page.getByRole('button', { name: /sign in/i }).click();
}
