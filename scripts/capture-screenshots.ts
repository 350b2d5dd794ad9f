/**
 * Captures the console's pages for docs/screenshots (dark theme, 1440×900), against a running
 * stack: `npm run screenshots -- --key <admin key>` (URL from stack.json unless --url is given).
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    key: { type: 'string' },
    out: { type: 'string', default: 'docs/screenshots' },
  },
});
const key = values.key ?? process.env.OPSDECK_API_KEY;
if (!key) throw new Error('Pass --key (an admin key) or set OPSDECK_API_KEY.');
const base =
  values.url ??
  (
    JSON.parse(await readFile(path.resolve(process.env.OPSDECK_DATA_DIR ?? 'var', 'stack.json'), 'utf8')) as {
      gateway: string;
    }
  ).gateway;

const pages = [
  { name: 'sign-in', path: '/sign-in', signedIn: false },
  { name: 'tenants', path: '/admin/tenants', signedIn: true },
  { name: 'api-keys', path: '/admin/api-keys?tenant=acme', signedIn: true },
  { name: 'audit-trail', path: '/admin/audit?tenant=acme', signedIn: true },
];

await mkdir(values.out!, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
  const page = await context.newPage();
  let signedIn = false;
  for (const target of pages) {
    if (target.signedIn && !signedIn) {
      signedIn = true;
      await page.goto(`${base}/sign-in`);
      await page.getByLabel(/api key/i).fill(key);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    }
    await page.goto(`${base}${target.path}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    const file = path.join(values.out!, `${target.name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
}
