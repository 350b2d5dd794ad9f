import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';

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

/** The reference fleet's fault control: `{ unhealthy: true }`, `{ error_rate: 1 }`, or null to heal. */
export async function setFaults(instanceId: string, faults: Record<string, unknown> | null): Promise<void> {
  const response = await fetch(`${stack.fleet!.control}/instances/${instanceId}/faults`, {
    method: faults ? 'PUT' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(faults ? { body: JSON.stringify(faults) } : {}),
  });
  if (response.status !== 200) throw new Error(`fault control answered ${response.status}`);
}

/** The fleet instance of a worker type. */
export function fleetWorker(workerType: string) {
  const worker = stack.fleet?.workers.find((candidate) => candidate.worker_type === workerType);
  if (!worker) throw new Error(`no ${workerType} worker in the fleet`);
  return worker;
}

/** Makes the console poll every 10 s (its shortest setting) in pages of this browser context. */
export async function fastRefresh(page: Page): Promise<void> {
  // Script text, run in the page: the e2e tier is type-checked without the DOM library.
  const settings = JSON.stringify({ theme: 'dark', refreshIntervalSeconds: 10 });
  await page.context().addInitScript({
    content: `window.localStorage.setItem('opsdeck.settings', ${JSON.stringify(settings)});`,
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds for its value, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 1000, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}

const screenshotDir = path.resolve(import.meta.dirname, '../../../test-results/e2e');

/**
 * One browser for a describe block: `open()` gives a page in a fresh context (no storage shared
 * between tests); after each test that page's context is closed, with a screenshot in
 * `test-results/e2e` when the test failed.
 */
export function useBrowserPages(options: {
  viewport: { width: number; height: number };
  prepare?: (page: Page) => Promise<void>;
}): { open(): Promise<Page> } {
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    await mkdir(screenshotDir, { recursive: true });
  });
  afterAll(async () => browser?.close());
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await page.screenshot({
        path: path.join(screenshotDir, `${context.task.name.replace(/\W+/g, '-')}.png`),
      });
    }
    await page?.context().close();
    page = undefined;
  });
  return {
    async open() {
      const context = await browser!.newContext({ viewport: options.viewport });
      page = await context.newPage();
      await options.prepare?.(page);
      return page;
    },
  };
}
