import { ulid } from 'ulid';
import { commitWithAudit } from '../audit-trail/audit-repository';
import { NotFoundError, ValidationError, type FieldProblem } from '../errors/typed-errors';
import {
  actorOf,
  isPlatformPrincipal,
  requireRole,
  requireTenantAccess,
  type Principal,
} from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import { findTenant } from '../tenants/tenant-repository';
import { getChannel } from './channel-repository';
import { deleteRuleWrites, findRule, listRules, putRuleWrites } from './rule-repository';
import type { AlertRule, CreateRuleBody, UpdateRuleBody } from './rule-schemas';
import { ALERT_TYPE_SPECS } from './alert-vocabulary';
import { resolveThreshold } from './rule-thresholds';

/**
 * Alert rules: reading needs operator or above, changing needs admin or above. Tenant principals
 * manage their own tenant's rules; platform principals name the owner (`tenant_id`), which may be
 * `platform` for platform-scope rules.
 */

const invalid = (errors: FieldProblem[]) =>
  new ValidationError(`The body is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, {
    errors,
  });

/** The owner a call is about: the tenant principal's tenant, or the platform principal's `tenant_id`. */
export async function resolveAlertOwner(
  principal: Principal,
  requested: string | undefined,
  location: 'query' | 'body',
): Promise<string> {
  if (!isPlatformPrincipal(principal)) {
    if (requested !== undefined) requireTenantAccess(principal, requested);
    return principal.tenantId!;
  }
  if (requested === undefined) {
    throw new ValidationError(
      `The ${location} is not valid: ${location}.tenant_id is required for platform principals (a tenant id or platform).`,
      { errors: [{ path: `${location}.tenant_id`, message: 'is required for platform principals' }] },
    );
  }
  if (requested !== PLATFORM_TENANT && !(await findTenant(requested))) {
    throw new NotFoundError(`Tenant ${requested} was not found.`);
  }
  return requested;
}

const notFound = (configId: string) => new NotFoundError(`Alert rule ${configId} was not found.`);

/** Checks and completes a rule's settings: thresholds per type, scope, owner and channels. */
async function buildRule(
  owner: string,
  body: Omit<CreateRuleBody, 'tenant_id'>,
  base: { config_id: string; created_at: string; created_by: string },
  principal: Principal,
  now: string,
): Promise<AlertRule> {
  const spec = ALERT_TYPE_SPECS[body.alert_type];
  const problems: FieldProblem[] = [];
  const threshold = resolveThreshold(body.alert_type, body);
  if (!threshold.ok) problems.push(...threshold.problems.map((p) => ({ ...p, path: `body.${p.path}` })));
  if (owner === PLATFORM_TENANT && !spec.platformScope) {
    problems.push({
      path: 'body.alert_type',
      message: `${body.alert_type} rules belong to a tenant, not the platform`,
    });
  }
  if (body.scope?.worker_type !== undefined && !spec.workerTypeScope) {
    problems.push({
      path: 'body.scope.worker_type',
      message: `${body.alert_type} cannot be narrowed to a worker type`,
    });
  }
  const named = [
    ...body.channels.map((id, index) => ({ id, path: `body.channels.${index}` })),
    ...(body.escalation?.channels ?? []).map((id, index) => ({
      id,
      path: `body.escalation.channels.${index}`,
    })),
  ];
  const found = await Promise.all(named.map(({ id }) => getChannel(owner, id)));
  named.forEach(({ id, path }, index) => {
    if (!found[index]) problems.push({ path, message: `channel ${id} does not exist for ${owner}` });
  });
  if (problems.length || !threshold.ok) throw invalid(problems);
  const actor = principal.name;
  return {
    config_id: base.config_id,
    tenant_id: owner,
    alert_type: body.alert_type,
    enabled: body.enabled,
    threshold_value: threshold.value,
    threshold_unit: threshold.unit,
    window_minutes: threshold.windowMinutes,
    scope: body.scope?.worker_type ? { worker_type: body.scope.worker_type } : null,
    severity: body.severity,
    channels: body.channels,
    quiet_hours: body.quiet_hours,
    escalation: body.escalation,
    renotify_interval_minutes: body.renotify_interval_minutes,
    created_at: base.created_at,
    updated_at: now,
    created_by: base.created_by,
    updated_by: actor,
  };
}

/** `GET /alerts/config`: the owner's rules (operators and above). */
export async function listRulesFor(principal: Principal, tenantId: string | undefined) {
  requireRole(principal, 'operator');
  const owner = await resolveAlertOwner(principal, tenantId, 'query');
  return { items: await listRules(owner) };
}

/** `POST /alerts/config`: creates a rule (admins); one rule per owner and type (409 otherwise). */
export async function createRule(
  principal: Principal,
  body: CreateRuleBody,
  requestId: string,
): Promise<AlertRule> {
  requireRole(principal, 'admin');
  const owner = await resolveAlertOwner(principal, body.tenant_id, 'body');
  const now = new Date().toISOString();
  const rule = await buildRule(
    owner,
    body,
    { config_id: ulid(), created_at: now, created_by: principal.name },
    principal,
    now,
  );
  await commitWithAudit(
    {
      tenant_id: owner,
      actor: actorOf(principal),
      action: 'alert_rule.created',
      resource: { type: 'alert_rule', id: rule.config_id },
      before: null,
      after: { ...rule },
      request_id: requestId,
    },
    putRuleWrites(rule, null),
  );
  return rule;
}

/** `PUT /alerts/config/{config_id}`: replaces a rule's settings (admins); its type cannot change. */
export async function updateRule(
  principal: Principal,
  configId: string,
  tenantId: string | undefined,
  body: UpdateRuleBody,
  requestId: string,
): Promise<AlertRule> {
  requireRole(principal, 'admin');
  const owner = await resolveAlertOwner(principal, tenantId ?? body.tenant_id, 'query');
  const before = await findRule(owner, configId);
  if (!before) throw notFound(configId);
  if (body.alert_type !== undefined && body.alert_type !== before.alert_type) {
    throw invalid([{ path: 'body.alert_type', message: `cannot change (the rule is ${before.alert_type})` }]);
  }
  const now = new Date().toISOString();
  const rule = await buildRule(
    owner,
    { ...body, alert_type: before.alert_type },
    before,
    principal,
    before.updated_at >= now ? new Date(Date.parse(before.updated_at) + 1).toISOString() : now,
  );
  await commitWithAudit(
    {
      tenant_id: owner,
      actor: actorOf(principal),
      action: 'alert_rule.updated',
      resource: { type: 'alert_rule', id: configId },
      before: { ...before },
      after: { ...rule },
      request_id: requestId,
    },
    putRuleWrites(rule, before),
  );
  return rule;
}

/** `DELETE /alerts/config/{config_id}` (admins). A firing alert of the rule resolves at the next evaluation. */
export async function deleteRule(
  principal: Principal,
  configId: string,
  tenantId: string | undefined,
  requestId: string,
): Promise<void> {
  requireRole(principal, 'admin');
  const owner = await resolveAlertOwner(principal, tenantId, 'query');
  const before = await findRule(owner, configId);
  if (!before) throw notFound(configId);
  await commitWithAudit(
    {
      tenant_id: owner,
      actor: actorOf(principal),
      action: 'alert_rule.deleted',
      resource: { type: 'alert_rule', id: configId },
      before: { ...before },
      after: null,
      request_id: requestId,
    },
    deleteRuleWrites(before),
  );
}
