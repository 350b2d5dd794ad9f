import { ConfigurationError, integerEnv } from '../settings/env';

/**
 * Registry settings, read once at cold start and failing fast on bad values.
 *
 * - `OPSDECK_HEARTBEAT_TTL_SECONDS` (default 60): how long a worker's heartbeat registration lives
 *   after its last heartbeat.
 * - `OPSDECK_ALLOW_LOOPBACK_DESTINATIONS` (`1` or `0`, default `0`): accept loopback addresses
 *   (127.0.0.0/8, ::1, localhost) for SQS and HTTP destinations; the local stack sets it, because its
 *   queues and reference fleet live on 127.0.0.1.
 */

function heartbeatTtlSeconds(): number {
  const ttl = integerEnv('OPSDECK_HEARTBEAT_TTL_SECONDS', 60);
  if (ttl < 1) throw new ConfigurationError('OPSDECK_HEARTBEAT_TTL_SECONDS must be at least 1');
  return ttl;
}

function loopbackDestinationsAllowed(): boolean {
  const raw = process.env.OPSDECK_ALLOW_LOOPBACK_DESTINATIONS;
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigurationError(`OPSDECK_ALLOW_LOOPBACK_DESTINATIONS must be 1 or 0, got "${raw}"`);
}

export const HEARTBEAT_TTL_SECONDS = heartbeatTtlSeconds();
export const LOOPBACK_DESTINATIONS_ALLOWED = loopbackDestinationsAllowed();
