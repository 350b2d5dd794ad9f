/**
 * `npm run audit:verify`: verifies the audit hash chain of the platform and every tenant through
 * the API (`GET /api/admin/audit/verify`) and prints the first broken link of each broken chain.
 * Exits 1 when any chain is broken.
 *
 *   OPSDECK_API_KEY=<admin key> npm run audit:verify [-- --tenant acme] [-- --url http://localhost:3000]
 *
 * Without --url it reads the gateway address from `<OPSDECK_DATA_DIR>/stack.json` (the local stack).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { tenant: { type: 'string' }, url: { type: 'string' }, key: { type: 'string' } },
  strict: true,
});

const key = values.key ?? process.env.OPSDECK_API_KEY;
if (!key) {
  console.error('Set OPSDECK_API_KEY (an admin key) or pass --key.');
  process.exit(2);
}

async function baseUrl(): Promise<string> {
  if (values.url) return values.url.replace(/\/$/, '');
  if (process.env.OPSDECK_API_URL) return process.env.OPSDECK_API_URL.replace(/\/api\/?$/, '');
  const stackFile = path.resolve(process.env.OPSDECK_DATA_DIR ?? 'var', 'stack.json');
  const stack = JSON.parse(
    await readFile(stackFile, 'utf8').catch(() => {
      throw new Error(`No --url given and ${stackFile} not found: is \`npm start\` running?`);
    }),
  ) as { gateway: string };
  return stack.gateway;
}

async function call<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` } });
  const body = (await response.json()) as T & { detail?: string };
  if (!response.ok) throw new Error(`${response.status} from ${url}: ${body.detail ?? JSON.stringify(body)}`);
  return body;
}

interface Verification {
  tenant_id: string;
  ok: boolean;
  checked: number;
  first_broken: { seq: number; reason: string } | null;
}

const base = await baseUrl();
const me = await call<{ scope: string; tenant_id: string | null }>(`${base}/api/me`);
let chains: (string | undefined)[];
if (values.tenant) chains = [values.tenant];
else if (me.scope === 'tenant') chains = [undefined];
else {
  chains = ['platform'];
  let cursor: string | null = null;
  do {
    const page: { items: { tenant_id: string }[]; next_cursor: string | null } = await call(
      `${base}/api/admin/tenants?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    chains.push(...page.items.map((tenant) => tenant.tenant_id));
    cursor = page.next_cursor;
  } while (cursor);
}

let broken = 0;
for (const chain of chains) {
  const result = await call<Verification>(
    `${base}/api/admin/audit/verify${chain ? `?tenant_id=${encodeURIComponent(chain)}` : ''}`,
  );
  if (result.ok) console.log(`ok      ${result.tenant_id}: ${result.checked} records`);
  else {
    broken += 1;
    console.log(
      `BROKEN  ${result.tenant_id}: first broken link at record ${result.first_broken!.seq} — ${result.first_broken!.reason}`,
    );
  }
}
process.exit(broken ? 1 : 0);
