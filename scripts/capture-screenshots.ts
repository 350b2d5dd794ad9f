/**
 * Captures the console's pages for docs/screenshots (dark theme, 1440 px wide, whole page), against a
 * running stack: `npm run screenshots -- --key <admin key>` (URL from stack.json unless --url is given).
 *
 * `--prepare` first gives the operations pages something to show on a fresh `npm start` with the
 * fleet: a webhook channel to the local receiver (verified with a test notification), platform
 * WORKER_UNHEALTHY and tenant DLQ_GROWTH rules, a short liveness fault on the triage worker (an alert)
 * and a short error burst on the policy worker (dead letters). It changes the running stack.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    key: { type: 'string' },
    out: { type: 'string', default: 'docs/screenshots' },
    prepare: { type: 'boolean', default: false },
    only: { type: 'string' },
    'live-fault': { type: 'string' },
  },
});
const key = values.key ?? process.env.OPSDECK_API_KEY;
if (!key) throw new Error('Pass --key (an admin key) or set OPSDECK_API_KEY.');

interface StackFile {
  gateway: string;
  fleet: { control: string; workers: { worker_type: string; instance_id: string }[] } | null;
  webhook_receiver?: { hook_url: string; secret: string };
}
const stackFile = async () =>
  JSON.parse(
    await readFile(path.resolve(process.env.OPSDECK_DATA_DIR ?? 'var', 'stack.json'), 'utf8'),
  ) as StackFile;
const base = values.url ?? (await stackFile()).gateway;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function api(method: string, route: string, body?: unknown) {
  const response = await fetch(`${base}/api${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely read API answers
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
}

async function prepare() {
  const stack = await stackFile();
  if (!stack.fleet)
    throw new Error('--prepare needs the reference fleet (npm start without OPSDECK_FLEET=off)');
  const fault = (workerType: string, faults: Record<string, unknown> | null) => {
    const worker = stack.fleet!.workers.find((candidate) => candidate.worker_type === workerType)!;
    return fetch(`${stack.fleet!.control}/instances/${worker.instance_id}/faults`, {
      method: faults ? 'PUT' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      ...(faults ? { body: JSON.stringify(faults) } : {}),
    });
  };
  for (const owner of ['platform', 'acme']) {
    const channels = (await api('GET', `/alerts/channels?tenant_id=${owner}`)).body?.items ?? [];
    let channel = channels[0];
    if (!channel && stack.webhook_receiver?.hook_url) {
      channel = (
        await api('POST', '/alerts/channels', {
          tenant_id: owner,
          channel_type: 'webhook',
          name: 'On-call webhook',
          url: stack.webhook_receiver.hook_url,
          // The local receiver checks signatures with its own secret.
          secret: stack.webhook_receiver.secret,
        })
      ).body;
      await api('POST', '/alerts/channels', {
        tenant_id: owner,
        channel_type: 'email',
        name: 'Operations team',
        addresses: ['ops@example.com'],
      });
      await api('POST', `/alerts/channels/${channel.channel_id}/verify?tenant_id=${owner}`);
    }
    const rule =
      owner === 'platform'
        ? { alert_type: 'WORKER_UNHEALTHY', threshold_value: 2, threshold_unit: 'consecutive_failures' }
        : { alert_type: 'DLQ_GROWTH', threshold_value: 5, threshold_unit: 'entries' };
    await api('POST', '/alerts/config', {
      tenant_id: owner,
      ...rule,
      severity: 'CRITICAL',
      channels: channel ? [channel.channel_id] : [],
      quiet_hours: { time_zone: 'Europe/Berlin', days: ['sat', 'sun'], start: '22:00', end: '07:00' },
      escalation: channel ? { after_minutes: 30, channels: [channel.channel_id] } : null,
    });
  }
  console.log('faulting triage (unhealthy) and policy (errors) for 150 s…');
  await fault('triage', { unhealthy: true });
  await fault('policy', { error_rate: 1 });
  await sleep(150_000);
  await fault('triage', null);
  await fault('policy', null);
}

async function firstId(route: string, field: string): Promise<string | undefined> {
  const answer = await api('GET', route);
  return answer.body?.items?.[0]?.[field];
}

if (values.prepare) await prepare();

/** `--live-fault <worker type>`: that worker fails its probes while the pages are captured (healed after). */
const liveFault = values['live-fault'];
async function setLiveFault(on: boolean) {
  const stack = await stackFile();
  const worker = stack.fleet?.workers.find((candidate) => candidate.worker_type === liveFault);
  if (!worker) throw new Error(`--live-fault: no ${liveFault} worker in the fleet`);
  await fetch(`${stack.fleet!.control}/instances/${worker.instance_id}/faults`, {
    method: on ? 'PUT' : 'DELETE',
    headers: { 'content-type': 'application/json' },
    ...(on ? { body: JSON.stringify({ unhealthy: true }) } : {}),
  });
}
if (liveFault) {
  await setLiveFault(true);
  const deadline = Date.now() + 120_000;
  console.log(`${liveFault} fails its probes; waiting for its alert…`);
  while (Date.now() < deadline) {
    const firing = await api('GET', '/alerts/history?tenant_id=platform&status=firing&limit=1');
    if (firing.body?.items?.length) break;
    await sleep(3000);
  }
}

const dlqEntry = await firstId('/ops/dlq?limit=1', 'dlq_id');
const alert = await firstId('/alerts/history?tenant_id=platform&limit=1', 'alert_id');

interface Target {
  name: string;
  path: string;
  signedIn: boolean;
  ready?: (page: Page) => Promise<unknown>;
  /** Capture the viewport (e.g. a dialog) rather than the whole page. */
  viewportOnly?: boolean;
}

const chartDrawn = (page: Page, name: RegExp) =>
  page.getByRole('figure', { name }).locator('svg').first().waitFor();

const pages: Target[] = [
  { name: 'sign-in', path: '/sign-in', signedIn: false },
  {
    name: 'ops-overview',
    path: '/ops',
    signedIn: true,
    ready: (page) => page.getByRole('group', { name: 'Instances by status' }).waitFor(),
  },
  {
    name: 'ops-workers',
    path: '/ops/workers?range=1h',
    signedIn: true,
    ready: async (page) => {
      await chartDrawn(page, /Throughput/);
      // Expand the faulted worker type when there is one.
      const label = liveFault ? liveFault.charAt(0).toUpperCase() + liveFault.slice(1) : 'Triage';
      await page.getByRole('button', { name: new RegExp(`Show instances of ${label}`) }).click();
    },
  },
  {
    name: 'ops-sla',
    path: '/ops/sla?period=day',
    signedIn: true,
    ready: (page) => page.getByRole('region', { name: 'At risk' }).waitFor(),
  },
  {
    name: 'ops-dlq',
    path: '/ops/dlq',
    signedIn: true,
    ready: (page) => chartDrawn(page, /Dead letters received/),
  },
  ...(dlqEntry
    ? [
        {
          name: 'ops-dlq-entry',
          path: `/ops/dlq?entry=${dlqEntry}`,
          signedIn: true,
          viewportOnly: true,
          ready: (page: Page) => page.getByLabel('Payload (JSON)').waitFor(),
        },
      ]
    : []),
  {
    name: 'ops-alerts',
    path: '/ops/alerts',
    signedIn: true,
    ready: (page) => page.getByRole('region', { name: 'Channels' }).getByRole('table').waitFor(),
  },
  {
    name: 'ops-alert-history',
    path: '/ops/alerts/history',
    signedIn: true,
    ready: (page) => page.getByRole('region', { name: 'Alerts' }).getByRole('table').waitFor(),
  },
  ...(alert
    ? [
        {
          name: 'ops-alert-detail',
          path: `/ops/alerts/history?alert=${alert}`,
          signedIn: true,
          viewportOnly: true,
          ready: (page: Page) => page.getByRole('heading', { name: 'Delivery attempts' }).waitFor(),
        },
      ]
    : []),
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
    if (values.only && !values.only.split(',').includes(target.name)) continue;
    if (target.signedIn && !signedIn) {
      signedIn = true;
      await page.goto(`${base}/sign-in`);
      await page.getByLabel(/api key/i).fill(key);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${base}${target.path}`);
    await page.waitForLoadState('networkidle');
    await target.ready?.(page);
    await page.waitForTimeout(800);
    if (!target.viewportOnly) {
      // A viewport as tall as the page (not a full-page capture), so that the sticky side
      // navigation reaches the bottom as it does on screen.
      // A string, evaluated in the page: this script is type-checked without the DOM library.
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      await page.setViewportSize({ width: 1440, height: Math.max(900, height) });
      await page.waitForTimeout(500);
    }
    const file = path.join(values.out!, `${target.name}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
  if (liveFault) await setLiveFault(false);
}
