import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { z } from 'zod';
import { logger } from '../logging/logger';

/** The part of an EventBridge scheduled event that Opsdeck relies on. */
const scheduledEventSchema = z.object({
  id: z.string(),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.iso.datetime(),
  resources: z.array(z.string()),
});

/**
 * Wraps a job run by an EventBridge schedule: validates the event, logs the run and its outcome.
 * A failing run throws, so the scheduler's retry policy and the Lambda error metric see it.
 */
export function scheduledHandler<T>(run: (input: { time: Date; eventId: string }) => Promise<T>) {
  return middy<ScheduledEvent, T, Error, Context>().handler(async (event) => {
    const parsed = scheduledEventSchema.parse(event);
    logger.resetKeys();
    logger.appendKeys({ schedule_event_id: parsed.id, schedule: parsed.resources[0] });
    const startedAt = Date.now();
    const result = await run({ time: new Date(parsed.time), eventId: parsed.id });
    logger.info('scheduled run completed', { duration_ms: Date.now() - startedAt, result });
    return result;
  });
}
