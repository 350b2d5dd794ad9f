import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sqsClient } from '../../shared/aws/sqs';
import { publishEntries } from '../../shared/dlq/dlq-publisher';
import type { DlqEntry } from '../../shared/dlq/dlq-repository';

// Narrow error paths; publishing to real queues is proven in the integration tier.
const sqs = mockClient(sqsClient);
afterEach(() => sqs.reset());

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

  it('fails every message of a call the queue refuses, and eventbridge with a clear reason', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .rejects(Object.assign(new Error('queue gone'), { name: 'QueueDoesNotExist' }));
    const results = await publishEntries([
      { entry: entry(1), attempt: 1 },
      {
        entry: entry(2, {
          kind: 'eventbridge',
          address: 'arn:aws:events:eu-west-1:123456789012:event-bus/x',
        }),
        attempt: 1,
      },
    ]);
    expect(results).toEqual([
      { ok: false, reason: 'SQS refused the message: QueueDoesNotExist: queue gone' },
      { ok: false, reason: 'eventbridge publishing is not available' },
    ]);
  });

  it('refuses HTTP destinations that point inside the network, without sending', async () => {
    const [result] = await publishEntries([
      { entry: entry(1, { kind: 'http', address: 'https://169.254.169.254/latest' }), attempt: 1 },
    ]);
    expect(result).toMatchObject({ ok: false });
    expect((result as { reason: string }).reason).toMatch(/refused/);
  });
});
