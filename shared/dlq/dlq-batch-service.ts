import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import { ulid } from 'ulid';
import { commitWithAudit } from '../audit-trail/audit-repository';
import { sqsClient } from '../aws/sqs';
import { queueUrl } from '../settings/env';
import { NotFoundError, ValidationError } from '../errors/typed-errors';
import { actorOf, resolveTenantScope, type Principal } from '../access/principal';
import { PLATFORM_TENANT } from '../access/access-vocabulary';
import { findDeclaredDestination } from '../registry/destination-service';
import { checkRetry, chunk, statusAfterFailure } from './dlq-domain';
import { publishEntries, type PublishResult } from './dlq-publisher';
import {
  claimEntriesForBatch,
  createBatchWrite,
  findBatch,
  putConfirmation,
  recordBatchOutcomes,
  recordBatchSkip,
  takeConfirmation,
  type BatchOutcome,
} from './dlq-batch-repository';
import { findDlqEntry, findDlqEntryTenant } from './dlq-entry-repository';
import { type DlqEntry } from './dlq-entities';
import { listDlqEntryKeys } from './dlq-listing-repository';
import { applyStatsDeltas, statusDelta } from './dlq-stats-repository';
import type { DlqBatch, DlqFilter, DlqRetryMessage, RetryBatchBody } from './dlq-schemas';
import { authorizeDlq, listingScope } from './dlq-service';
import {
  DLQ_CONFIRMATION_TTL_SECONDS,
  DLQ_ENTRIES_PER_RETRY_MESSAGE,
  DLQ_MAX_FILTER_SELECTION,
  DLQ_MAX_RETRIES,
  DLQ_RETRY_LEASE_SECONDS,
} from './dlq-settings';

interface SelectedEntry {
  tenant_id: string;
  dlq_id: string;
}

const lookups = pLimit(16);

/** The pending entries a filter selects (a batch only retries pending entries). */
async function selectByFilter(principal: Principal, filter: DlqFilter): Promise<SelectedEntry[]> {
  if (filter.status !== undefined && filter.status !== 'pending') return [];
  const { scope, filter: effective } = listingScope(principal, { ...filter, status: 'pending' });
  const selected: SelectedEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await listDlqEntryKeys(scope, effective, { cursor, limit: 200 });
    selected.push(...page.items);
    if (selected.length > DLQ_MAX_FILTER_SELECTION) {
      throw new ValidationError(
        `The body is not valid: the filter selects more than ${DLQ_MAX_FILTER_SELECTION} entries; narrow it.`,
        {
          errors: [{ path: 'body.filter', message: `selects more than ${DLQ_MAX_FILTER_SELECTION} entries` }],
        },
      );
    }
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return selected;
}

async function selectByIds(
  principal: Principal,
  ids: readonly string[],
): Promise<{ selected: SelectedEntry[]; notFound: string[] }> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(
    unique.map((dlqId) =>
      lookups(async () => {
        const tenantId = principal.tenantId ?? (await findDlqEntryTenant(dlqId));
        return tenantId ? findDlqEntry(tenantId, dlqId) : null;
      }),
    ),
  );
  const selected: SelectedEntry[] = [];
  const notFound: string[] = [];
  found.forEach((entry, index) => {
    if (entry) selected.push({ tenant_id: entry.tenant_id, dlq_id: entry.dlq_id });
    else notFound.push(unique[index]!);
  });
  return { selected, notFound };
}

/** Puts a batch's entries on the retry queue: 100 entries a message, 10 messages a call. */
export async function enqueueBatch(batchId: string, selected: readonly SelectedEntry[]): Promise<number> {
  const messages = chunk(selected, DLQ_ENTRIES_PER_RETRY_MESSAGE).map((entries, index) =>
    JSON.stringify({ batch_id: batchId, chunk: index, entries } satisfies DlqRetryMessage),
  );
  let requests = 0;
  for (const slice of chunk(messages, 10)) {
    let pending = slice.map((body, index) => ({ Id: String(index), MessageBody: body }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const response = await sqsClient.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl('dlqRetry'), Entries: pending }),
      );
      requests += 1;
      const failed = new Set((response.Failed ?? []).map((failure) => failure.Id));
      pending = pending.filter((entry) => failed.has(entry.Id));
      if (pending.length > 0 && attempt >= 3) {
        throw new Error(`the retry queue refused ${pending.length} messages of batch ${batchId}`);
      }
    }
  }
  return requests;
}

const batchView = (batch: NonNullable<Awaited<ReturnType<typeof findBatch>>>): DlqBatch => {
  const remaining = Math.max(0, batch.total - batch.done - batch.failed - batch.skipped);
  return {
    batch_id: batch.batch_id,
    status: remaining === 0 ? 'completed' : 'running',
    total: batch.total,
    done: batch.done,
    failed: batch.failed,
    skipped: batch.skipped,
    remaining,
    not_found: batch.not_found,
    created_at: batch.created_at,
    created_by: batch.created_by,
  };
};

/**
 * `POST /ops/dlq/retry-batch`: by ids (up to 1,000), or by filter in two steps — the first call
 * answers the number of pending entries it selects and a confirmation token, the second (with
 * the token) starts the batch. A started batch is audited once and processed asynchronously.
 */
export async function requestBatchRetry(
  principal: Principal,
  body: RetryBatchBody,
  requestId: string,
): Promise<
  | { status: 200; body: { count: number; confirmation_token: string; expires_at: string } }
  | { status: 202; body: DlqBatch }
> {
  authorizeDlq(principal);
  let selected: SelectedEntry[];
  let notFound: string[] = [];
  let selection: Record<string, unknown>;
  let scopeTenantId: string | null = principal.tenantId;
  if ('filter' in body) {
    const entries = await selectByFilter(principal, body.filter);
    const token = `dlqc_${ulid()}`;
    const expiresAt = new Date(Date.now() + DLQ_CONFIRMATION_TTL_SECONDS * 1000).toISOString();
    await putConfirmation({
      token,
      key_id: principal.keyId,
      scope_tenant_id: resolveTenantScope(principal, body.filter.tenant_id),
      filter: body.filter,
      count: entries.length,
      expires_at: expiresAt,
    });
    return { status: 200, body: { count: entries.length, confirmation_token: token, expires_at: expiresAt } };
  }
  if ('confirmation_token' in body) {
    const confirmation = await takeConfirmation(body.confirmation_token, principal.keyId);
    if (!confirmation || confirmation.expires_at < new Date().toISOString()) {
      throw new NotFoundError('The confirmation token is unknown, used or expired; ask for a new count.');
    }
    selected = await selectByFilter(principal, confirmation.filter);
    selection = { filter: confirmation.filter, confirmed_count: confirmation.count };
    scopeTenantId = confirmation.scope_tenant_id;
  } else {
    ({ selected, notFound } = await selectByIds(principal, body.ids));
    if (selected.length === 0) throw new NotFoundError('None of the named DLQ entries was found.');
    selection = { ids: selected.length };
  }
  const tenants = new Set(selected.map((entry) => entry.tenant_id));
  const chain = scopeTenantId ?? (tenants.size === 1 ? [...tenants][0]! : PLATFORM_TENANT);
  const batch = {
    batch_id: `dlqb_${ulid()}`,
    scope_tenant_id: principal.tenantId,
    total: selected.length,
    done: 0,
    failed: 0,
    skipped: 0,
    not_found: notFound,
    created_at: new Date().toISOString(),
    created_by: { key_id: principal.keyId, name: principal.name, role: principal.role },
    selection,
  };
  await commitWithAudit(
    {
      tenant_id: chain,
      actor: actorOf(principal),
      action: 'dlq.batch_retry_requested',
      resource: { type: 'dlq_batch', id: batch.batch_id },
      before: null,
      after: { total: batch.total, not_found: notFound.length, selection },
      request_id: requestId,
    },
    [createBatchWrite(batch)],
  );
  await enqueueBatch(batch.batch_id, selected);
  return { status: 202, body: batchView(batch) };
}

/** `GET /ops/dlq/batches/{id}`: done / failed / skipped / remaining. */
export async function getBatchFor(principal: Principal, batchId: string): Promise<DlqBatch> {
  authorizeDlq(principal);
  const batch = await findBatch(batchId);
  if (!batch || (principal.tenantId !== null && batch.scope_tenant_id !== principal.tenantId)) {
    throw new NotFoundError(`Batch ${batchId} was not found.`);
  }
  return batchView(batch);
}

/** Thrown when a chunk holds an entry an earlier delivery claimed and has not recorded yet. */
export class BatchEntryInFlightError extends Error {
  override name = 'BatchEntryInFlightError';
}

/**
 * The retry queue's consumer: claims each entry of the chunk (conditional, so a redelivered chunk
 * or a concurrent single retry never publishes twice), publishes the claimed ones grouped by
 * destination (SendMessageBatch per 10), and records outcomes and batch counters together.
 */
export async function processRetryMessage(message: DlqRetryMessage): Promise<void> {
  const now = new Date();
  const at = now.toISOString();
  const retryable = (entry: DlqEntry) =>
    checkRetry(entry, { maxRetries: DLQ_MAX_RETRIES, leaseSeconds: DLQ_RETRY_LEASE_SECONDS, now }).ok;
  const { claimed, unclaimed } = await claimEntriesForBatch(message.entries, message.batch_id, at, retryable);
  let inFlight = 0;
  for (const { tenant_id: tenantId, dlq_id: dlqId, entry } of unclaimed) {
    if (entry?.last_batch_id === message.batch_id) {
      // An earlier delivery of this chunk got here: recorded (counted) already, or still in flight.
      if (entry.status === 'retrying') inFlight += 1;
    } else {
      await recordBatchSkip(message.batch_id, message.chunk, tenantId, dlqId);
    }
  }

  const declared = new Map<string, Promise<boolean>>();
  const isDeclared = (entry: DlqEntry) => {
    const key = `${entry.tenant_id}\u0000${entry.destination.kind}\u0000${entry.destination.address}`;
    if (!declared.has(key)) {
      declared.set(
        key,
        findDeclaredDestination(entry.tenant_id, entry.destination.kind, entry.destination.address).then(
          (destination) => destination !== null,
        ),
      );
    }
    return declared.get(key)!;
  };
  const allowed = await Promise.all(claimed.map(({ entry }) => isDeclared(entry)));
  const toPublish = claimed.filter((_, index) => allowed[index]);
  const published = await publishEntries(
    toPublish.map(({ entry }) => ({ entry, attempt: entry.retry_count })),
  );
  const resultOf = new Map<string, PublishResult>();
  toPublish.forEach(({ entry }, index) => resultOf.set(entry.dlq_id, published[index]!));

  const outcomes: BatchOutcome[] = claimed.map(({ entry, token }) => {
    const result = resultOf.get(entry.dlq_id) ?? {
      ok: false as const,
      reason: 'the destination is no longer declared',
    };
    return {
      entry,
      claimToken: token,
      outcome: result.ok
        ? { outcome: 'succeeded', reason: null, status: 'succeeded' }
        : {
            outcome: 'failed',
            reason: result.reason,
            status: statusAfterFailure(entry.retry_count, DLQ_MAX_RETRIES),
          },
    };
  });
  const recordedAt = new Date(Math.max(Date.now(), now.getTime() + 1)).toISOString();
  // One group after the other: they all add to this chunk's counters.
  for (const group of chunk(outcomes, 10)) {
    await recordBatchOutcomes(message.batch_id, message.chunk, group, recordedAt);
  }
  await applyStatsDeltas(outcomes.map((o) => statusDelta(o.entry, 'pending', o.outcome.status)));
  if (inFlight > 0) {
    throw new BatchEntryInFlightError(
      `${inFlight} entries of batch ${message.batch_id} are still claimed by an earlier delivery`,
    );
  }
}
