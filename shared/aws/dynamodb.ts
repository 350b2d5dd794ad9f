import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { clientDefaults, localEndpoint } from './endpoint';

/** The process's one DynamoDB client (module scope, reused across invocations). */
export const dynamoDbClient = new DynamoDBClient({ ...clientDefaults, endpoint: localEndpoint('DYNAMODB') });

/** DynamoDB with plain JavaScript values in and out. */
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

/**
 * Every item a query matches, across pages (the SDK's own paginator), or only the first `max`.
 * For whole-partition reads; API lists page with cursors instead (shared/pagination).
 */
export async function queryItems(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>,
  max = Number.POSITIVE_INFINITY,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const pageSize = Number.isFinite(max) ? Math.min(1000, max) : undefined;
  for await (const page of paginateQuery(
    { client: documentClient, ...(pageSize ? { pageSize } : {}) },
    input,
  )) {
    items.push(...(page.Items ?? []));
    if (items.length >= max) return items.slice(0, max);
  }
  return items;
}
