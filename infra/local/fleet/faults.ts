/**
 * Injected faults of one worker instance. The parent holds them (they survive a stop and start)
 * and hands them to the worker process; the control API changes them with a merge patch.
 */
import { z } from 'zod';

export const faultsSchema = z.strictObject({
  /** /healthz answers 503 (the process keeps working: a liveness probe would restart it). */
  unhealthy: z.boolean(),
  /** /readyz answers 503 and the worker stops taking messages, so its queue lag grows. */
  not_ready: z.boolean(),
  /** Added to every message's processing time. */
  slow_ms: z.number().int().min(0).max(60_000),
  /** Probability that processing a message fails (the message is then redelivered). */
  error_rate: z.number().min(0).max(1),
});
export type Faults = z.infer<typeof faultsSchema>;

/** The body of `PUT /instances/{id}/faults`: any subset; fields left out keep their value. */
export const faultsPatchSchema = faultsSchema.partial();
export type FaultsPatch = z.infer<typeof faultsPatchSchema>;

export const NO_FAULTS: Faults = Object.freeze({
  unhealthy: false,
  not_ready: false,
  slow_ms: 0,
  error_rate: 0,
});

/** Applies a patch: fields present in it replace the current ones, `{}` changes nothing. */
export function mergeFaults(current: Faults, patch: FaultsPatch): Faults {
  const merged: Faults = { ...current };
  for (const key of Object.keys(patch) as (keyof Faults)[]) {
    const value = patch[key];
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  return merged;
}

/** The faults that are switched on, for logs: `unhealthy, error_rate=0.5`, or `none`. */
export function describeFaults(faults: Faults): string {
  const active: string[] = [];
  if (faults.unhealthy) active.push('unhealthy');
  if (faults.not_ready) active.push('not_ready');
  if (faults.slow_ms > 0) active.push(`slow_ms=${faults.slow_ms}`);
  if (faults.error_rate > 0) active.push(`error_rate=${faults.error_rate}`);
  return active.length > 0 ? active.join(', ') : 'none';
}
