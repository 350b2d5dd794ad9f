import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../aws/dynamodb';
import { InvalidCursorError } from '../errors/typed-errors';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';
import { DESTINATION_KINDS } from '../platform/platform-vocabulary';
import { daysBetween } from './dlq-domain';
import {
  dayIndexPk,
  table,
  tenantIndexPk,
  toDlqEntry,
  toDlqEntryKey,
  type DlqEntry,
  type DlqEntryKey,
} from './dlq-entities';
import type { DlqFilter } from './dlq-schemas';

/* Listing entries: one tenant's index partition, or every tenant's day partitions. */

interface FilterExpression {
  expression?: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function filterExpression(filter: DlqFilter): FilterExpression {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const equal = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    clauses.push(`#${attribute} = :${attribute}`);
  };
  equal('status', filter.status);
  equal('event_type', filter.event_type);
  equal('worker_type', filter.worker_type);
  if (filter.destination !== undefined) {
    const isKind = (DESTINATION_KINDS as readonly string[]).includes(filter.destination);
    names['#destination'] = 'destination';
    names['#field'] = isKind ? 'kind' : 'address';
    values[':destination'] = filter.destination;
    clauses.push('#destination.#field = :destination');
  }
  if (filter.q !== undefined) {
    names['#search'] = 'failure_reason_search';
    values[':q'] = filter.q.toLowerCase();
    clauses.push('contains(#search, :q)');
  }
  return { expression: clauses.length ? clauses.join(' AND ') : undefined, names, values };
}

/** Where a listing reads: one tenant's index partition, or every tenant's day partitions. */
export type DlqListScope = { tenantId: string } | { days: string[] };

const MAX_QUERIES_PER_PAGE = 25;

/**
 * Lists entries newest first with combinable filters. A tenant's listing reads its gsi1
 * partition; a cross-tenant listing walks the gsi2 day partitions from `to` back to `from`.
 * Filters run on the server; a page may hold fewer than `limit` items when the filters are
 * narrow (the cursor then continues the walk).
 */
export function listDlqEntries(
  scope: DlqListScope,
  filter: DlqFilter,
  options: { cursor?: string; limit: number },
): Promise<Page<DlqEntry>> {
  return listMatching(scope, filter, { ...options, map: toDlqEntry });
}

/** The same walk as listDlqEntries, reading only each entry's tenant and id (batch selection). */
export function listDlqEntryKeys(
  scope: DlqListScope,
  filter: DlqFilter,
  options: { cursor?: string; limit: number },
): Promise<Page<DlqEntryKey>> {
  return listMatching(scope, filter, { ...options, map: toDlqEntryKey, keysOnly: true });
}

async function listMatching<T>(
  scope: DlqListScope,
  filter: DlqFilter,
  options: { cursor?: string; limit: number; keysOnly?: boolean; map: (item: Record<string, unknown>) => T },
): Promise<Page<T>> {
  const lower = filter.from ?? '0000';
  const upper = `${filter.to ?? '9999'}~`;
  const { expression, names, values } = filterExpression(filter);
  const tenantScope = 'tenantId' in scope;
  const partitions = tenantScope ? [tenantIndexPk(scope.tenantId)] : scope.days.map(dayIndexPk);
  const indexName = tenantScope ? 'gsi1' : 'gsi2';
  const partitionAttribute = tenantScope ? 'gsi1pk' : 'gsi2pk';
  const sortAttribute = tenantScope ? 'gsi1sk' : 'gsi2sk';

  let partitionIndex = 0;
  let startKey: Record<string, unknown> | undefined;
  if (options.cursor !== undefined) {
    const decoded = tenantScope
      ? decodeCursor(options.cursor, { gsi1pk: partitions[0] })
      : decodeCursor(options.cursor, {});
    partitionIndex = partitions.indexOf(decoded?.[partitionAttribute] as string);
    if (partitionIndex < 0) throw new InvalidCursorError('The cursor belongs to a different listing.');
    // A cursor holding only the partition starts that partition from its newest item.
    startKey = decoded && decoded[sortAttribute] !== undefined ? decoded : undefined;
  }

  const items: T[] = [];
  let queries = 0;
  while (partitionIndex < partitions.length) {
    const partition = partitions[partitionIndex]!;
    const result = await documentClient.send(
      new QueryCommand({
        TableName: table(),
        IndexName: indexName,
        KeyConditionExpression: `${partitionAttribute} = :partition AND ${sortAttribute} BETWEEN :lower AND :upper`,
        ...(expression ? { FilterExpression: expression } : {}),
        ...(options.keysOnly
          ? { ProjectionExpression: `pk, sk, ${partitionAttribute}, ${sortAttribute}, tenant_id, dlq_id` }
          : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: { ':partition': partition, ':lower': lower, ':upper': upper, ...values },
        ScanIndexForward: false,
        Limit: 200,
        ExclusiveStartKey: startKey,
      }),
    );
    queries += 1;
    for (const item of result.Items ?? []) {
      items.push(options.map(item));
      if (items.length === options.limit) {
        const isLastOfPage = item === result.Items![result.Items!.length - 1];
        if (isLastOfPage && !result.LastEvaluatedKey) {
          // The partition is exhausted: continue with the next one, if any.
          const next = partitions[partitionIndex + 1];
          return { items, next_cursor: next ? encodeCursor({ [partitionAttribute]: next }) : null };
        }
        // Cut inside the partition: the next page starts after this item.
        return {
          items,
          next_cursor: encodeCursor({
            pk: item.pk as string,
            sk: item.sk as string,
            [partitionAttribute]: partition,
            [sortAttribute]: item[sortAttribute] as string,
          }),
        };
      }
    }
    if (result.LastEvaluatedKey) {
      startKey = result.LastEvaluatedKey;
    } else {
      partitionIndex += 1;
      startKey = undefined;
    }
    if (queries >= MAX_QUERIES_PER_PAGE && partitionIndex < partitions.length) {
      return {
        items,
        next_cursor: encodeCursor(startKey ?? { [partitionAttribute]: partitions[partitionIndex]! }),
      };
    }
  }
  return { items, next_cursor: null };
}

/** Every UTC day of a cross-tenant listing, newest first. */
export const listingDays = (from: string, to: string): string[] => daysBetween(from, to).reverse();
