import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { z, ZodType } from 'zod';

/**
 * The parts every repository repeats: turning a stored item into its entity through the entity's
 * one zod item schema (instead of a cast per attribute), and telling a write that failed on its own
 * condition from any other failure.
 */

/** A stored item that does not match its entity's schema: a defect or a hand edit, never user input. */
export class StoredItemError extends Error {
  override name = 'StoredItemError';
}

/**
 * The mapper of one entity: parses an item with the entity's item schema (unknown attributes such
 * as keys and index attributes are dropped) and names the entity and the item's key when it fails.
 */
export function itemMapper<TSchema extends ZodType>(
  entity: string,
  schema: TSchema,
): (item: Record<string, unknown>) => z.output<TSchema> {
  return (item) => {
    const result = schema.safeParse(item);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new StoredItemError(
      `Stored ${entity} ${String(item.pk)}/${String(item.sk)} does not match its schema: ${problems.join('; ')}`,
    );
  };
}

/** An attribute older items may lack: absent or null both read as null. */
export const nullable = <TSchema extends ZodType>(schema: TSchema) =>
  schema.nullish().transform((value) => value ?? null);

/** An attribute older items may lack, read as `fallback` when absent or null. */
export const withDefault = <TSchema extends ZodType>(schema: TSchema, fallback: z.output<TSchema>) =>
  schema.nullish().transform((value) => (value ?? fallback) as z.output<TSchema>);

/**
 * True when a write failed on its own condition: a conditional write, or a transaction whose item
 * at `index` (any item when omitted) failed its condition. Anything else — throttling, a conflict
 * with another transaction — is false and should be rethrown or retried.
 */
export function failedOnCondition(error: unknown, index?: number): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  return index === undefined
    ? reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')
    : reasons[index]?.Code === 'ConditionalCheckFailed';
}
