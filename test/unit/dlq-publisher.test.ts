import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBridgeClient } from '../../shared/aws/eventbridge';
import { sqsClient } from '../../shared/aws/sqs';
import { EVENTBRIDGE_SOURCE, publishEntries } from '../../shared/dlq/dlq-publisher';
import type { DlqEntry } from '../../shared/dlq/dlq-entities';

// Narrow error paths; publishing to real queues is proven in the integration tier.
const sqs = mockClient(sqsClient);
const events = mockClient(eventBridgeClient);
afterEach(() => {
  sqs.reset();
  events.reset();
  delete process.env.OPSDECK_STAGE;
});
const bus = 'arn:aws:events:eu-west-1:123456789012:event-bus/x';

const queue = 'https://sqs.eu-west-1.amazonaws.com/123456789012/triage';
const entry = (
  index: number,
  destination: DlqEntry['destination'] = { kind: 'sqs', address: queue },
): DlqEntry => ({
  event_id: `e${index}`,
  tenant_id: 'acme',
  event_type: 'ExceptionTriaged',
  destination,
  payload: { index },
  attributes: {},
  failure_reason: 'boom',
  attempts: 1,
  failed_at: '2026-11-28T10:00:00.000Z',
  worker_type: 'triage',
  dlq_id: `dlq_${index}`,
  status: 'retrying',
  retried_from: null,
  lineage_root: null,
  retried_to: [],
  received_at: '2026-11-28T10:00:01.000Z',
  updated_at: '2026-11-28T10:00:01.000Z',
  retry_count: 1,
  claim_token: 't',
  claimed_at: '2026-11-28T10:00:01.000Z',
  discard_reason: null,
  last_batch_id: null,
});

describe('publishEntries', () => {
  it('sends SQS entries in batches of 10 and maps per-message failures', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
      Successful: input.Entries.filter((e) => e.Id !== '3').map((e) => ({ Id: e.Id })),
      Failed: input.Entries.filter((e) => e.Id === '3').map((e) => ({
        Id: e.Id,
        Code: 'InvalidParameterValue',
        SenderFault: true,
      })),
    }));
    const results = await publishEntries(
      Array.from({ length: 23 }, (_, i) => ({ entry: entry(i), attempt: 1 })),
    );
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
    const failedIndexes = results.flatMap((result, index) => (result.ok ? [] : [index]));
    expect(failedIndexes).toEqual([3, 13]);
    expect(results[3]).toEqual({ ok: false, reason: 'SQS refused the message: InvalidParameterValue' });
    expect(results[0]).toEqual({ ok: true });
  });

  it('fails every message of a call the queue refuses', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .rejects(Object.assign(new Error('queue gone'), { name: 'QueueDoesNotExist' }));
    const results = await publishEntries([{ entry: entry(1), attempt: 1 }]);
    expect(results).toEqual([
      { ok: false, reason: 'SQS refused the message: QueueDoesNotExist: queue gone' },
    ]);
  });

  it('puts EventBridge entries on their bus, 10 per call, with payload and lineage in the detail', async () => {
    events.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: input.Entries.length > 2 ? 1 : 0,
      Entries: input.Entries.map((_, position) =>
        position === 2
          ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }
          : { EventId: `ev${position}` },
      ),
    }));
    const results = await publishEntries(
      Array.from({ length: 12 }, (_, i) => ({
        entry: entry(i, { kind: 'eventbridge', address: bus }),
        attempt: 2,
      })),
    );
    const calls = events.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries!.length)).toEqual([10, 2]);
    const first = calls[0]!.args[0].input.Entries![0]!;
    expect(first).toMatchObject({
      EventBusName: bus,
      Source: EVENTBRIDGE_SOURCE,
      DetailType: 'ExceptionTriaged',
    });
    expect(JSON.parse(first.Detail!)).toMatchObject({
      payload: { index: 0 },
      attributes: { 'opsdeck-dlq-id': 'dlq_0' },
    });
    expect(results.map((result) => result.ok)).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(results[2]).toEqual({
      ok: false,
      reason: 'EventBridge refused the event: ThrottlingException slow down',
    });
  });

  it('fails EventBridge entries with the reason when the call fails, and on the local stack without an endpoint', async () => {
    events
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('no such bus'), { name: 'ResourceNotFoundException' }));
    const [failed] = await publishEntries([
      { entry: entry(1, { kind: 'eventbridge', address: bus }), attempt: 1 },
    ]);
    expect(failed).toEqual({ ok: false, reason: 'ResourceNotFoundException: no such bus' });
    process.env.OPSDECK_STAGE = 'local';
    const [local] = await publishEntries([
      { entry: entry(1, { kind: 'eventbridge', address: bus }), attempt: 1 },
    ]);
    expect(local).toMatchObject({ ok: false, reason: expect.stringMatching(/no EventBridge endpoint/) });
    expect(events.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('refuses HTTP destinations that point inside the network, without sending', async () => {
    const [result] = await publishEntries([
      { entry: entry(1, { kind: 'http', address: 'https://169.254.169.254/latest' }), attempt: 1 },
    ]);
    expect(result).toMatchObject({ ok: false });
    expect((result as { reason: string }).reason).toMatch(/refused/);
  });
});
