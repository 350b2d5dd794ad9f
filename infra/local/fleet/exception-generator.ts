/**
 * The source of work: new synthetic exceptions for every tenant, arriving as a Poisson process
 * (about `ratePerTenant` a second each), sent to the intake queue in batches of up to 10.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GENERATED_EVENT_TYPE } from './fleet-topology';
import { errorMessage } from './http-json';
import { throttleLog } from './log-throttle';
import { poisson, type Random } from './random';
import { createSyntheticException } from './synthetic-exceptions';
import { toMessageAttributes, workItemAttributes, type WorkItem } from './work-item';

export interface ExceptionGeneratorOptions {
  readonly sqs: SQSClient;
  readonly intakeQueueUrl: string;
  readonly tenants: readonly string[];
  /** Mean new exceptions per second per tenant; 0 generates nothing. */
  readonly ratePerTenant: number;
  readonly poisonFraction: number;
  readonly log: (line: string) => void;
  readonly random?: Random;
  readonly tickMs?: number;
}

export interface ExceptionGenerator {
  /** Exceptions sent to the intake queue so far. */
  readonly generated: number;
  stop(): Promise<void>;
}

/** The exceptions that arrive during one tick of `tickMs`, for every tenant. */
export function drawArrivals(
  tenants: readonly string[],
  ratePerTenant: number,
  tickMs: number,
  poisonFraction: number,
  random: Random,
  now: Date,
): WorkItem[] {
  const items: WorkItem[] = [];
  for (const tenantId of tenants) {
    const count = poisson(random, (ratePerTenant * tickMs) / 1000);
    for (let index = 0; index < count; index += 1) {
      items.push(createSyntheticException({ tenantId, now, random, poisonFraction }));
    }
  }
  return items;
}

export function startExceptionGenerator(options: ExceptionGeneratorOptions): ExceptionGenerator {
  const random = options.random ?? Math.random;
  const tickMs = options.tickMs ?? 250;
  const warn = throttleLog(options.log);
  const inFlight = new Set<Promise<void>>();
  let generated = 0;

  const send = async (items: WorkItem[]): Promise<void> => {
    for (let start = 0; start < items.length; start += 10) {
      const chunk = items.slice(start, start + 10);
      try {
        const result = await options.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: options.intakeQueueUrl,
            Entries: chunk.map((item, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(item),
              MessageAttributes: toMessageAttributes(workItemAttributes(item, GENERATED_EVENT_TYPE)),
            })),
          }),
        );
        generated += result.Successful?.length ?? 0;
        if (result.Failed?.length)
          warn('send-failed', `generator: ${result.Failed.length} exceptions not sent to intake`);
      } catch (error) {
        warn('send-error', `generator: cannot send to the intake queue: ${errorMessage(error)}`);
      }
    }
  };

  const timer =
    options.ratePerTenant > 0
      ? setInterval(() => {
          const items = drawArrivals(
            options.tenants,
            options.ratePerTenant,
            tickMs,
            options.poisonFraction,
            random,
            new Date(),
          );
          if (items.length === 0) return;
          const sending = send(items).finally(() => inFlight.delete(sending));
          inFlight.add(sending);
        }, tickMs)
      : undefined;

  return {
    get generated() {
      return generated;
    },
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
