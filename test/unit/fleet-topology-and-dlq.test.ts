import { describe, expect, it } from 'vitest';
import { dlqEntrySchema } from '../../shared/ingest/ingest-schemas';
import { toDlqEntry, type StageQueue } from '../../infra/local/fleet/dlq-forwarder';
import {
  inboundEventType,
  nextStage,
  planInstances,
  stageQueueName,
  STAGE_PROFILES,
} from '../../infra/local/fleet/fleet-topology';
import { throttleLog } from '../../infra/local/fleet/log-throttle';

describe('fleet topology', () => {
  it('puts the first instances on basePort + k and further ones 100 ports up', () => {
    const planned = planInstances(9001, 2);
    expect(planned.slice(0, 7).map((instance) => [instance.instanceId, instance.port])).toEqual([
      ['intake-1', 9001],
      ['triage-1', 9002],
      ['policy-1', 9003],
      ['playbook-1', 9004],
      ['tool-1', 9005],
      ['feedback-1', 9006],
      ['sla_monitor-1', 9007],
    ]);
    expect(planned.find((instance) => instance.instanceId === 'tool-2')?.port).toBe(9105);
    expect(planInstances(0, 1).every((instance) => instance.port === 0)).toBe(true);
  });

  it('chains the stages in pipeline order and names their queues', () => {
    expect(nextStage('intake')).toBe('triage');
    expect(nextStage('feedback')).toBe('sla_monitor');
    expect(nextStage('sla_monitor')).toBeUndefined();
    expect(inboundEventType('intake')).toBe('ExceptionCreated');
    expect(inboundEventType('policy')).toBe(STAGE_PROFILES.triage.eventType);
    expect(stageQueueName('opsdeck-fleet', 'sla_monitor')).toBe('opsdeck-fleet-sla_monitor');
    expect(STAGE_PROFILES.intake.criticality).toBe('high');
    expect(STAGE_PROFILES.policy.criticality).toBe('high');
    expect(STAGE_PROFILES.sla_monitor.criticality).toBe('high');
    expect(STAGE_PROFILES.tool.criticality).toBe('medium');
  });
});

describe('dead letters', () => {
  const queue: StageQueue = {
    stage: 'policy',
    url: 'http://127.0.0.1:3002/000000000000/opsdeck-fleet-policy',
    dlqUrl: 'http://127.0.0.1:3002/000000000000/opsdeck-fleet-policy-dlq',
  };
  const now = new Date('2026-03-02T10:00:00.000Z');
  const body = { exception: { exception_id: 'EXC-1', tenant_id: 'acme' }, details: {}, context: {} };
  const message = {
    MessageId: '0b6f3f9e-1',
    ReceiptHandle: 'r',
    Body: JSON.stringify(body),
    MessageAttributes: {
      tenant_id: { DataType: 'String', StringValue: 'acme' },
      event_type: { DataType: 'String', StringValue: 'ExceptionTriaged' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1]) },
    },
  };

  it('become DLQ entries that name the stage queue as their destination', () => {
    const known = {
      reason: 'no rule of default-policy v1 matches currency XXX',
      receive_count: 3,
      failed_at: '2026-03-02T09:59:50.000Z',
    };
    const entry = toDlqEntry(message, queue, known, 3, now);
    expect(dlqEntrySchema.parse(entry)).toEqual({
      event_id: '0b6f3f9e-1',
      tenant_id: 'acme',
      event_type: 'ExceptionTriaged',
      destination: { kind: 'sqs', address: queue.url },
      payload: body,
      attributes: { tenant_id: 'acme', event_type: 'ExceptionTriaged' },
      failure_reason: known.reason,
      attempts: 3,
      failed_at: known.failed_at,
      worker_type: 'policy',
    });
  });

  it('say what is known when the failure was not recorded, and find the tenant in the body', () => {
    const entry = toDlqEntry({ ...message, MessageAttributes: {} }, queue, undefined, 3, now);
    expect(dlqEntrySchema.parse(entry)).toMatchObject({
      tenant_id: 'acme',
      event_type: 'ExceptionTriaged',
      attempts: 3,
      failed_at: now.toISOString(),
      failure_reason: expect.stringMatching(/3 receives from opsdeck-fleet-policy/),
    });
  });

  it('are left alone when they name no tenant', () => {
    expect(
      toDlqEntry({ ...message, Body: 'garbage', MessageAttributes: {} }, queue, undefined, 3, now),
    ).toBeUndefined();
  });
});

describe('throttled log', () => {
  it('writes the first line of a kind, then at most one per interval with a count', () => {
    const lines: string[] = [];
    let clock = 0;
    const warn = throttleLog(
      (line) => lines.push(line),
      1_000,
      () => clock,
    );
    warn('a', 'first');
    warn('a', 'second');
    warn('b', 'other kind');
    clock = 1_500;
    warn('a', 'third');
    expect(lines).toEqual(['first', 'other kind', 'third (1 more like it since the last report)']);
  });
});
