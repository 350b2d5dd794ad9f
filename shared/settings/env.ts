import {
  bucketEnvName,
  queueEnvName,
  tableEnvName,
  type BucketName,
  type QueueName,
  type TableName,
} from '../resources/declarations';

/** Raised at cold start when the function's environment lacks something it needs. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** Reads a required environment variable, failing with an error that names it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`Missing required environment variable ${name}`);
  }
  return value;
}

/** Reads an optional positive integer setting, failing fast on anything that is not one. */
export function integerEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`Environment variable ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** The physical name of a table this function is bound to. */
export const tableName = (name: TableName): string => requireEnv(tableEnvName(name));
/** The URL of a queue this function is bound to. */
export const queueUrl = (name: QueueName): string => requireEnv(queueEnvName(name));
/** The name of a bucket this function is bound to. */
export const bucketName = (name: BucketName): string => requireEnv(bucketEnvName(name));
