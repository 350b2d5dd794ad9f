import { describe, expect, it } from 'vitest';
import {
  configExamples,
  examplePlaybook,
  examplePolicyPack,
  exampleTool,
} from '../../shared/config-resources/config-resource-examples';
import {
  CONFIG_KINDS,
  configVersionPathSchema,
  parseConfigContent,
  resourceIdSchema,
  type ConfigKind,
} from '../../shared/config-resources/config-resource-schemas';
import { ValidationError } from '../../shared/errors/typed-errors';
import { buildOpenApiDocument } from '../../shared/openapi/api-document';

/** The field paths of a ValidationError raised by `parse`. */
function problemPaths(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ValidationError) return (error.errors ?? []).map((problem) => problem.path);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const clone = <T>(value: T): T => structuredClone(value);

describe('config content schemas', () => {
  it.each(CONFIG_KINDS)('accepts the documented %s example', (kind: ConfigKind) => {
    const example = configExamples[kind];
    expect(parseConfigContent(kind, clone(example.content))).toEqual(example.content);
  });

  it('rejects unknown fields at every level (strict objects)', () => {
    expect(problemPaths(() => parseConfigContent('tools', { ...exampleTool, colour: 'red' }))).toEqual([
      'content',
    ]);
    const pack = clone(examplePolicyPack) as any;
    pack.business_hours.lunch = '12:00';
    expect(problemPaths(() => parseConfigContent('policy-packs', pack))).toEqual(['content.business_hours']);
  });

  it('prefixes field paths with the location the caller names', () => {
    const pack = { ...clone(examplePolicyPack), time_zone: 'Mars/Olympus' };
    expect(problemPaths(() => parseConfigContent('policy-packs', pack, 'body.content'))).toEqual([
      'body.content.time_zone',
    ]);
  });

  it('requires SLA targets for every severity, in whole minutes', () => {
    const missing = clone(examplePolicyPack) as any;
    delete missing.sla_targets.CRITICAL;
    expect(problemPaths(() => parseConfigContent('policy-packs', missing))).toEqual([
      'content.sla_targets.CRITICAL',
    ]);
    const fractional = clone(examplePolicyPack) as any;
    fractional.sla_targets.LOW = 1.5;
    expect(problemPaths(() => parseConfigContent('policy-packs', fractional))).toEqual([
      'content.sla_targets.LOW',
    ]);
    const zero = clone(examplePolicyPack) as any;
    zero.sla_targets.HIGH = 0;
    expect(problemPaths(() => parseConfigContent('policy-packs', zero))).toEqual([
      'content.sla_targets.HIGH',
    ]);
  });

  it('checks business hours: ISO weekdays, HH:MM, end after start', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ days: [0, 1], start: '09:00', end: '17:00' }, 'content.business_hours.days.0'],
      [{ days: [1, 1], start: '09:00', end: '17:00' }, 'content.business_hours.days'],
      [{ days: [], start: '09:00', end: '17:00' }, 'content.business_hours.days'],
      [{ days: [1], start: '9:00', end: '17:00' }, 'content.business_hours.start'],
      [{ days: [1], start: '09:00', end: '25:00' }, 'content.business_hours.end'],
      [{ days: [1], start: '17:00', end: '09:00' }, 'content.business_hours.end'],
    ];
    for (const [businessHours, path] of cases) {
      const pack = { ...clone(examplePolicyPack), business_hours: businessHours };
      expect(problemPaths(() => parseConfigContent('policy-packs', pack))).toEqual([path]);
    }
    const allDay = {
      ...clone(examplePolicyPack),
      business_hours: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' },
    };
    expect(parseConfigContent('policy-packs', allDay).business_hours.end).toBe('24:00');
  });

  it('accepts only the two SLA clocks and IANA time zones', () => {
    const clock = { ...clone(examplePolicyPack), sla_clock: 'wall' };
    expect(problemPaths(() => parseConfigContent('policy-packs', clock))).toEqual(['content.sla_clock']);
    const calendar = { ...clone(examplePolicyPack), sla_clock: 'calendar', time_zone: 'America/New_York' };
    expect(parseConfigContent('policy-packs', calendar).sla_clock).toBe('calendar');
  });

  it('refuses business-hours targets that would not fit in 52 weeks of business hours', () => {
    // One hour a week: 52 weeks hold 3120 minutes.
    const pack = {
      ...clone(examplePolicyPack),
      business_hours: { days: [3], start: '10:00', end: '11:00' },
      sla_targets: { CRITICAL: 60, HIGH: 240, MEDIUM: 3120, LOW: 3121 },
    };
    expect(problemPaths(() => parseConfigContent('policy-packs', pack))).toEqual(['content.sla_targets']);
    expect(() => parseConfigContent('policy-packs', { ...pack, sla_clock: 'calendar' })).not.toThrow();
  });

  it('checks policy rules: distinct ids, known decisions, known severities', () => {
    const duplicate = clone(examplePolicyPack);
    duplicate.rules.push({ ...duplicate.rules[0]! });
    expect(problemPaths(() => parseConfigContent('policy-packs', duplicate))).toEqual(['content.rules']);
    const decision = clone(examplePolicyPack) as any;
    decision.rules[0].decision = 'MAYBE';
    expect(problemPaths(() => parseConfigContent('policy-packs', decision))).toEqual([
      'content.rules.0.decision',
    ]);
    const severity = clone(examplePolicyPack) as any;
    severity.rules[1].when.severities = ['URGENT'];
    expect(problemPaths(() => parseConfigContent('policy-packs', severity))).toEqual([
      'content.rules.1.when.severities.0',
    ]);
  });

  it('checks domain packs: distinct exception types with a default severity and a description', () => {
    const pack = clone(configExamples['domain-packs'].content);
    pack.exception_types.push({ ...pack.exception_types[0]! });
    expect(problemPaths(() => parseConfigContent('domain-packs', pack))).toEqual(['content.exception_types']);
    const noDescription = clone(configExamples['domain-packs'].content) as any;
    delete noDescription.exception_types[0].description;
    expect(problemPaths(() => parseConfigContent('domain-packs', noDescription))).toEqual([
      'content.exception_types.0.description',
    ]);
  });

  it('checks tools: an input schema that is a storable JSON object, an approval flag', () => {
    expect(problemPaths(() => parseConfigContent('tools', { ...exampleTool, input_schema: [] }))).toEqual([
      'content.input_schema',
    ]);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 20; level++) deep = { nested: deep };
    expect(problemPaths(() => parseConfigContent('tools', { ...exampleTool, input_schema: deep }))).toEqual([
      'content.input_schema',
    ]);
    expect(
      problemPaths(() => parseConfigContent('tools', { ...exampleTool, input_schema: { '': 1 } })),
    ).toEqual(['content.input_schema']);
    expect(
      problemPaths(() => parseConfigContent('tools', { ...exampleTool, approval_required: 'no' })),
    ).toEqual(['content.approval_required']);
    expect(problemPaths(() => parseConfigContent('tools', { ...exampleTool, endpoint_kind: 'ftp' }))).toEqual(
      ['content.endpoint_kind'],
    );
  });

  it('checks playbooks: ordered tool or manual steps and the exception types they apply to', () => {
    const noSteps = { ...clone(examplePlaybook), steps: [] };
    expect(problemPaths(() => parseConfigContent('playbooks', noSteps))).toEqual(['content.steps']);
    const badStep = clone(examplePlaybook) as any;
    badStep.steps[1] = { type: 'manual' };
    expect(problemPaths(() => parseConfigContent('playbooks', badStep))).toEqual(['content.steps.1.title']);
    const unknownType = clone(examplePlaybook) as any;
    unknownType.steps[0] = { type: 'script', title: 'x' };
    expect(problemPaths(() => parseConfigContent('playbooks', unknownType))).toEqual([
      'content.steps.0.type',
    ]);
    const toolId = clone(examplePlaybook) as any;
    toolId.steps[0].tool_id = 'Retry Payment';
    expect(problemPaths(() => parseConfigContent('playbooks', toolId))).toEqual(['content.steps.0.tool_id']);
    const parsed = parseConfigContent('playbooks', clone(examplePlaybook));
    expect(parsed.steps.map((step) => step.type)).toEqual(['tool', 'manual']);
  });

  it('accepts slugs as resource ids and versions as positive integers', () => {
    expect(resourceIdSchema.safeParse('retry-payment.v2_x').success).toBe(true);
    for (const bad of ['', 'Retry', '-x', 'a/b', 'a#b', 'x'.repeat(129)]) {
      expect(resourceIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(configVersionPathSchema.parse({ kind: 'tools', resource_id: 'x', version: '3' }).version).toBe(3);
    expect(configVersionPathSchema.safeParse({ kind: 'tools', resource_id: 'x', version: '0' }).success).toBe(
      false,
    );
    expect(
      configVersionPathSchema.safeParse({ kind: 'widgets', resource_id: 'x', version: '1' }).success,
    ).toBe(false);
  });

  it('documents every kind in the OpenAPI document', () => {
    const document = buildOpenApiDocument() as any;
    const post = document.paths['/config/{kind}/{resource_id}'].post;
    const body = post.requestBody.content['application/json'].schema;
    expect(body.properties.content.anyOf).toHaveLength(4);
    const kinds = post.parameters.find((parameter: { name: string }) => parameter.name === 'kind');
    expect(kinds.schema.enum).toEqual([...CONFIG_KINDS]);
  });
});
