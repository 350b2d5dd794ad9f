import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listChannels } from '../../shared/alerts/channel-repository';
import { createChannel, updateChannel } from '../../shared/alerts/channel-service';
import { listRules } from '../../shared/alerts/rule-repository';
import { createRuleBodySchema } from '../../shared/alerts/rule-schemas';
import { createRule } from '../../shared/alerts/rule-service';
import { createConfigResource } from '../../shared/config-resources/config-resource-service';
import { createApiKey } from '../../shared/identity/api-key-service';
import type { Principal } from '../../shared/access/principal';
import { findTenant } from '../../shared/tenants/tenant-repository';
import { createTenant } from '../../shared/tenants/tenant-service';

/** The local stack's own seeding identity; its actions appear in the audit trail as "demo seed". */
const seeder: Principal = { keyId: 'demo-seed', name: 'demo seed', role: 'super_admin', tenantId: null };

export const DEMO_TENANTS = ['acme', 'globex'] as const;

export interface DemoKeys {
  /** Platform-wide ingest key the reference fleet reports with. */
  fleet_ingest: string;
  /** Platform admin key the fleet declares its stage queues with. */
  platform_admin: string;
  acme_admin: string;
  acme_operator: string;
  acme_viewer: string;
  globex_admin: string;
}

const demoKeysFile = (dataDir: string) => path.join(dataDir, 'demo-keys.json');

const exceptionTypes = [
  {
    type: 'PAYMENT_MISMATCH',
    default_severity: 'HIGH',
    description: 'Paid amount differs from the invoice.',
  },
  { type: 'ADDRESS_INVALID', default_severity: 'MEDIUM', description: 'Shipping address failed validation.' },
  { type: 'DUPLICATE_ORDER', default_severity: 'LOW', description: 'The same order arrived twice.' },
  {
    type: 'CREDIT_LIMIT_EXCEEDED',
    default_severity: 'CRITICAL',
    description: 'Order exceeds the customer credit limit.',
  },
] as const;

function policyPack(timeZone: string, clock: 'calendar' | 'business_hours') {
  return {
    name: 'Default policy',
    description: 'SLA targets and decision rules for exception handling.',
    time_zone: timeZone,
    business_hours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
    sla_clock: clock,
    sla_targets: { CRITICAL: 60, HIGH: 240, MEDIUM: 1440, LOW: 4320 },
    rules: [
      { id: 'refunds-need-approval', when: { tool_ids: ['refund-tool'] }, decision: 'REQUIRE_APPROVAL' },
      { id: 'escalate-critical', when: { severities: ['CRITICAL'] }, decision: 'ESCALATE' },
      { id: 'allow-rest', when: {}, decision: 'ALLOW' },
    ],
  };
}

const tools = {
  'refund-tool': {
    name: 'Issue refund',
    description: 'Refunds the difference of a payment mismatch to the customer.',
    endpoint_kind: 'http',
    input_schema: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
    approval_required: true,
  },
  'address-lookup': {
    name: 'Address lookup',
    description: 'Normalises an address against the postal directory.',
    endpoint_kind: 'http',
    input_schema: { type: 'object', properties: { address: { type: 'string' } } },
    approval_required: false,
  },
};

const playbook = {
  name: 'Payment mismatch',
  description: 'Investigate and settle a payment mismatch.',
  exception_types: ['PAYMENT_MISMATCH'],
  steps: [
    {
      type: 'manual',
      title: 'Confirm the remittance',
      instructions: 'Check the bank statement for the payment.',
    },
    { type: 'tool', tool_id: 'refund-tool', title: 'Refund the difference' },
  ],
};

async function issueKey(tenantId: string, name: string, role: string): Promise<string> {
  const created = await createApiKey(seeder, tenantId, { name, role: role as never }, 'demo-seed');
  return created.secret;
}

/**
 * Creates the demo tenants `acme` and `globex` with their config (domain pack, policy pack,
 * tools, playbook) and demo keys, once per data directory. Keys are kept in
 * `<data dir>/demo-keys.json` (local only) so that the fleet can report on every start; returns
 * `created: true` the first time, when the summary prints them.
 */
export async function ensureDemoData(dataDir: string): Promise<{ keys: DemoKeys; created: boolean }> {
  const existing = await readFile(demoKeysFile(dataDir), 'utf8').catch(() => null);
  if (existing && (await findTenant('acme')))
    return { keys: JSON.parse(existing) as DemoKeys, created: false };

  const tenants = [
    {
      tenant_id: 'acme',
      name: 'Acme Corporation',
      time_zone: 'America/New_York',
      clock: 'business_hours' as const,
    },
    { tenant_id: 'globex', name: 'Globex', time_zone: 'Europe/Berlin', clock: 'calendar' as const },
  ];
  for (const tenant of tenants) {
    if (!(await findTenant(tenant.tenant_id))) {
      await createTenant(
        seeder,
        { tenant_id: tenant.tenant_id, name: tenant.name, time_zone: tenant.time_zone },
        'demo-seed',
      );
    }
    const seed = async (kind: Parameters<typeof createConfigResource>[1], id: string, content: unknown) => {
      await createConfigResource(
        seeder,
        kind,
        id,
        tenant.tenant_id,
        { content: content as Record<string, unknown> },
        'demo-seed',
      ).catch((error: unknown) => {
        // Already there from an interrupted earlier seeding: keep it.
        if (!(error instanceof Error && error.name === 'ConflictError')) throw error;
      });
    };
    await seed('domain-packs', 'orders', { name: 'Order exceptions', exception_types: exceptionTypes });
    await seed('policy-packs', 'default', policyPack(tenant.time_zone, tenant.clock));
    for (const [id, tool] of Object.entries(tools)) await seed('tools', id, tool);
    await seed('playbooks', 'payment-mismatch', playbook);
  }
  const keys: DemoKeys = {
    fleet_ingest: await issueKey('platform', 'reference fleet', 'ingest'),
    platform_admin: await issueKey('platform', 'demo platform admin', 'admin'),
    acme_admin: await issueKey('acme', 'acme admin', 'admin'),
    acme_operator: await issueKey('acme', 'acme operator', 'operator'),
    acme_viewer: await issueKey('acme', 'acme viewer', 'viewer'),
    globex_admin: await issueKey('globex', 'globex admin', 'admin'),
  };
  await writeFile(demoKeysFile(dataDir), `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { keys, created: true };
}

const DEMO_CHANNEL_NAME = 'Local webhook receiver';

/** The demo alert rules: acme watches all six types; the platform watches its fleet's health. */
const demoRules: Record<'acme' | 'platform', Record<string, unknown>[]> = {
  acme: [
    // 10 %: the reference fleet's policy stage fails a few percent of its attempts by design.
    { alert_type: 'ERROR_RATE_HIGH', threshold_value: 10, severity: 'HIGH', renotify_interval_minutes: 30 },
    { alert_type: 'WORKER_UNHEALTHY', severity: 'HIGH' },
    {
      alert_type: 'THROUGHPUT_LOW',
      severity: 'MEDIUM',
      quiet_hours: { time_zone: 'America/New_York', start: '22:00', end: '07:00' },
    },
    { alert_type: 'SLA_BREACH', severity: 'HIGH' },
    { alert_type: 'SLA_IMMINENT', severity: 'MEDIUM' },
    { alert_type: 'DLQ_GROWTH', severity: 'MEDIUM' },
  ],
  platform: [{ alert_type: 'WORKER_UNHEALTHY', severity: 'CRITICAL', renotify_interval_minutes: 15 }],
};

/**
 * Gives the demo tenant `acme` and the platform a webhook channel to the local receiver and the
 * demo alert rules (each only when missing, so it runs on every start; a channel whose receiver
 * moved to another port follows it). Needs the receiver running: call it after it started.
 */
export async function ensureDemoAlerts(receiver: { hookUrl: string; secret: string }): Promise<void> {
  for (const owner of ['acme', 'platform'] as const) {
    const existing = (await listChannels(owner)).find((channel) => channel.name === DEMO_CHANNEL_NAME);
    let channelId = existing?.channel_id;
    if (!channelId) {
      const created = await createChannel(
        seeder,
        {
          channel_type: 'webhook',
          name: DEMO_CHANNEL_NAME,
          tenant_id: owner,
          enabled: true,
          url: receiver.hookUrl,
          secret: receiver.secret,
        },
        'demo-seed',
      );
      channelId = created.channel.channel_id;
    } else if (existing!.url !== receiver.hookUrl) {
      await updateChannel(seeder, channelId, { tenant_id: owner, url: receiver.hookUrl }, 'demo-seed');
    }
    const present = new Set((await listRules(owner)).map((rule) => rule.alert_type));
    for (const rule of demoRules[owner]) {
      if (present.has(rule.alert_type as never)) continue;
      await createRule(
        seeder,
        createRuleBodySchema.parse({ ...rule, tenant_id: owner, channels: [channelId] }),
        'demo-seed',
      );
    }
  }
}
