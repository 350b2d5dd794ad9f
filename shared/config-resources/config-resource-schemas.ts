import { z } from 'zod';
import { ValidationError, type FieldProblem } from '../errors/typed-errors';
import { timeZoneSchema } from '../tenants/tenant-schemas';
import { severitySchema } from '../platform/platform-schemas';

/**
 * Versioned configuration that a tenant keeps for the platform: domain packs, policy packs, tool
 * definitions and playbooks. Each kind has one strict zod schema for its content; the HTTP API, the
 * OpenAPI document and the (later) change-governance workflow all validate with these.
 */

export const CONFIG_KINDS = ['domain-packs', 'policy-packs', 'tools', 'playbooks'] as const;
export const configKindSchema = z.enum(CONFIG_KINDS);
export type ConfigKind = z.infer<typeof configKindSchema>;

/** The singular name of a kind, as audit records and change requests name it. */
export const CONFIG_KIND_RESOURCE_TYPES = {
  'domain-packs': 'domain_pack',
  'policy-packs': 'policy_pack',
  tools: 'tool',
  playbooks: 'playbook',
} as const satisfies Record<ConfigKind, string>;

export const POLICY_DECISIONS = ['ALLOW', 'DENY', 'ESCALATE', 'REQUIRE_APPROVAL'] as const;

/** Resource ids (and tool and rule ids): lower-case slugs, so that references read unambiguously. */
export const resourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,127}$/, 'must be 1-128 characters: lower-case letters, digits, . _ and -');

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().min(1).max(2000);
const exceptionType = z.string().trim().min(1).max(128);

/** No value is listed twice. */
const distinct = <T>(values: readonly T[]) => new Set(values).size === values.length;

/** Nesting depth of a JSON value (DynamoDB stores at most 32 levels, audit records add a few). */
function jsonDepth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(jsonDepth));
  if (typeof value === 'object' && value !== null)
    return 1 + Math.max(0, ...Object.values(value).map(jsonDepth));
  return 0;
}

/** DynamoDB cannot store a map with an empty key. */
function hasEmptyKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasEmptyKey);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, nested]) => key === '' || hasEmptyKey(nested));
  }
  return false;
}

const MAX_JSON_DEPTH = 16;

// ---------------------------------------------------------------------------------------------
// Domain packs: the exception types a tenant's domain knows.

export const domainPackContentSchema = z
  .strictObject({
    name,
    description: description.optional(),
    exception_types: z
      .array(
        z.strictObject({
          type: exceptionType,
          default_severity: severitySchema,
          description,
        }),
      )
      .min(1)
      .max(1000),
  })
  .refine((pack) => distinct(pack.exception_types.map((t) => t.type)), {
    message: 'exception types must be distinct',
    path: ['exception_types'],
  });

// ---------------------------------------------------------------------------------------------
// Policy packs: SLA targets, the clock they run on, and decision rules.

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00-23:59)');
const closingTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM (00:01-24:00)');

/** Minutes after midnight of `HH:MM` (`24:00` is 1440). */
export const minutesOfDay = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

export const businessHoursSchema = z
  .strictObject({
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    days: z.array(z.int().min(1).max(7)).min(1).max(7).refine(distinct, 'days must be distinct'),
    start: clockTime,
    end: closingTime,
  })
  // zod runs refinements after failed format checks too: compare only well-formed times.
  .refine((hours) => !(minutesOfDay(hours.end) <= minutesOfDay(hours.start)), {
    message: 'end must be after start (business hours do not cross midnight)',
    path: ['end'],
  });

/** SLA target minutes are at most a year. */
export const MAX_SLA_TARGET_MINUTES = 525_600;

const targetMinutes = z.int().min(1).max(MAX_SLA_TARGET_MINUTES);

export const slaTargetsSchema = z.strictObject({
  LOW: targetMinutes,
  MEDIUM: targetMinutes,
  HIGH: targetMinutes,
  CRITICAL: targetMinutes,
});

export const slaClockSchema = z.enum(['calendar', 'business_hours']);

export const policyRuleSchema = z.strictObject({
  id: resourceIdSchema,
  description: description.optional(),
  /** Every listed field must match; an omitted field matches anything. */
  when: z.strictObject({
    exception_types: z.array(exceptionType).min(1).max(200).optional(),
    severities: z.array(severitySchema).min(1).max(4).optional(),
    source_systems: z.array(z.string().trim().min(1).max(128)).min(1).max(200).optional(),
    tool_ids: z.array(resourceIdSchema).min(1).max(200).optional(),
  }),
  decision: z.enum(POLICY_DECISIONS),
});

/** With the business-hours clock, every target must fit within this many weeks of business hours. */
export const MAX_BUSINESS_WEEKS = 52;

export const policyPackContentSchema = z
  .strictObject({
    name,
    description: description.optional(),
    time_zone: timeZoneSchema,
    business_hours: businessHoursSchema,
    sla_clock: slaClockSchema,
    sla_targets: slaTargetsSchema,
    rules: z.array(policyRuleSchema).max(500),
  })
  .refine((pack) => distinct(pack.rules.map((rule) => rule.id)), {
    message: 'rule ids must be distinct',
    path: ['rules'],
  })
  .refine(
    (pack) => {
      if (pack.sla_clock !== 'business_hours') return true;
      const hours = pack.business_hours;
      const weekly = (minutesOfDay(hours.end) - minutesOfDay(hours.start)) * new Set(hours.days).size;
      // Business hours that are invalid themselves are reported on their own fields.
      if (!(weekly > 0)) return true;
      return Object.values(pack.sla_targets).every((target) => target <= weekly * MAX_BUSINESS_WEEKS);
    },
    {
      message: `with the business_hours clock every target must fit within ${MAX_BUSINESS_WEEKS} weeks of business hours`,
      path: ['sla_targets'],
    },
  );

// ---------------------------------------------------------------------------------------------
// Tools: actions a playbook may run. The tool's id is its resource id.

export const TOOL_ENDPOINT_KINDS = ['http', 'sqs', 'eventbridge', 'lambda'] as const;

export const toolContentSchema = z.strictObject({
  name,
  description,
  endpoint_kind: z.enum(TOOL_ENDPOINT_KINDS),
  /** A JSON Schema (a JSON object) describing the tool's input. */
  input_schema: z
    .record(z.string(), z.unknown())
    .refine((value) => jsonDepth(value) <= MAX_JSON_DEPTH, `must be nested at most ${MAX_JSON_DEPTH} levels`)
    .refine((value) => !hasEmptyKey(value), 'must not use an empty string as a property name'),
  approval_required: z.boolean(),
});

// ---------------------------------------------------------------------------------------------
// Playbooks: ordered steps, each a tool of the same tenant or a manual step.

export const playbookStepSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('tool'),
    /** The resource id of one of the tenant's tools. */
    tool_id: resourceIdSchema,
    title: name.optional(),
  }),
  z.strictObject({
    type: z.literal('manual'),
    title: name,
    instructions: z.string().trim().min(1).max(4000).optional(),
  }),
]);

export const playbookContentSchema = z.strictObject({
  name,
  description: description.optional(),
  exception_types: z
    .array(exceptionType)
    .min(1)
    .max(200)
    .refine(distinct, 'exception types must be distinct'),
  steps: z.array(playbookStepSchema).min(1).max(100),
});

export const configContentSchemas = {
  'domain-packs': domainPackContentSchema,
  'policy-packs': policyPackContentSchema,
  tools: toolContentSchema,
  playbooks: playbookContentSchema,
} as const satisfies Record<ConfigKind, z.ZodType>;

export type DomainPackContent = z.output<typeof domainPackContentSchema>;
export type PolicyPackContent = z.output<typeof policyPackContentSchema>;
export type ToolContent = z.output<typeof toolContentSchema>;
export type PlaybookContent = z.output<typeof playbookContentSchema>;
export type ConfigContent = DomainPackContent | PolicyPackContent | ToolContent | PlaybookContent;
export type ConfigContentOf<K extends ConfigKind> = z.output<(typeof configContentSchemas)[K]>;

/**
 * Validates content of a kind; a failure is a ValidationError whose field paths start at
 * `location` (`body.content` for the HTTP API, `content` for service callers).
 */
export function parseConfigContent<K extends ConfigKind>(
  kind: K,
  content: unknown,
  location = 'content',
): ConfigContentOf<K> {
  const result = configContentSchemas[kind].safeParse(content);
  if (result.success) return result.data as ConfigContentOf<K>;
  const errors: FieldProblem[] = result.error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new ValidationError(
    `The ${kind} content is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
    { errors },
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP shapes.

export const configKindPathSchema = z.strictObject({ kind: configKindSchema });

export const configResourcePathSchema = z.strictObject({
  kind: configKindSchema,
  resource_id: resourceIdSchema,
});

export const configVersionPathSchema = z.strictObject({
  kind: configKindSchema,
  resource_id: resourceIdSchema,
  version: z.coerce.number().int().min(1).max(9_999_999_999),
});

const tenantIdQuery = z.string().min(1).max(63).optional();

/** `?tenant_id=` (platform principals name the tenant; tenant principals may omit it). */
export const configTenantQuerySchema = z.strictObject({ tenant_id: tenantIdQuery });

export const configPageQuerySchema = z.strictObject({
  tenant_id: tenantIdQuery,
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Largest request body that creates a version (its content is stored twice: version + audit). */
export const CONFIG_MAX_BODY_BYTES = 256 * 1024;

export const createConfigResourceBodySchema = z.strictObject({
  /** Validated against the schema of the path's kind. */
  content: z.union([
    domainPackContentSchema,
    policyPackContentSchema,
    toolContentSchema,
    playbookContentSchema,
  ]),
  reason: z.string().trim().min(1).max(1000).optional(),
});

/** The body before kind-specific validation (the service validates `content` against the kind). */
export const createConfigResourceRequestSchema = z.strictObject({
  content: z.record(z.string(), z.unknown()),
  reason: z.string().trim().min(1).max(1000).optional(),
});

export const configActorSchema = z.object({
  key_id: z.string(),
  name: z.string(),
  role: z.string(),
  tenant_id: z.string().nullable(),
});

export const configResourceSummarySchema = z.object({
  tenant_id: z.string(),
  kind: configKindSchema,
  resource_id: z.string(),
  name: z.string(),
  active_version: z.number(),
  latest_version: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const configResourceSchema = configResourceSummarySchema.extend({
  content: z.record(z.string(), z.unknown()).describe("The active version's content"),
});

export const configVersionSummarySchema = z.object({
  tenant_id: z.string(),
  kind: configKindSchema,
  resource_id: z.string(),
  version: z.number(),
  name: z.string(),
  content_sha256: z.string(),
  created_at: z.string(),
  created_by: configActorSchema,
  reason: z.string().nullable(),
});

export const configVersionSchema = configVersionSummarySchema.extend({
  content: z.record(z.string(), z.unknown()),
});

export type ConfigResourceSummary = z.infer<typeof configResourceSummarySchema>;
export type ConfigResource = z.infer<typeof configResourceSchema>;
export type ConfigVersionSummary = z.infer<typeof configVersionSummarySchema>;
export type ConfigVersion = z.infer<typeof configVersionSchema>;
export type ConfigPageQuery = z.output<typeof configPageQuerySchema>;
export type CreateConfigResourceRequest = z.output<typeof createConfigResourceRequestSchema>;
