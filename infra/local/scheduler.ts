import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { functions, rateToMilliseconds, type FunctionName } from '../../shared/resources/declarations';
import { lambdaContext, loadHandler } from './handler-loader';

export interface ScheduledJob {
  functionName: FunctionName;
  expression: string;
  intervalMs: number;
}

/**
 * The declared schedules, with local overrides from `OPSDECK_LOCAL_SCHEDULES`
 * (`functionName=rate(10 seconds),other=rate(1 minute)`) so that slow jobs can run faster locally.
 */
export function scheduledJobs(overrides = process.env.OPSDECK_LOCAL_SCHEDULES ?? ''): ScheduledJob[] {
  const overridden = new Map(
    overrides
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => {
        const [name, expression] = pair.split('=') as [string, string | undefined];
        if (!(name in functions) || !expression)
          throw new Error(`OPSDECK_LOCAL_SCHEDULES: cannot read "${pair}"`);
        return [name, expression] as const;
      }),
  );
  const jobs: ScheduledJob[] = [];
  for (const [functionName, declaration] of Object.entries(functions) as [
    FunctionName,
    { schedule?: string },
  ][]) {
    const expression = overridden.get(functionName) ?? declaration.schedule;
    if (!expression) continue;
    jobs.push({ functionName, expression, intervalMs: rateToMilliseconds(expression) });
  }
  return jobs;
}

/** The event EventBridge delivers for a scheduled rule. */
export function scheduledEvent(functionName: FunctionName, time: Date): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: process.env.AWS_REGION ?? 'us-east-1',
    resources: [`arn:aws:events:us-east-1:000000000000:rule/opsdeck-local-${functionName}`],
    detail: {},
  };
}

/** Invokes one scheduled function now, as EventBridge would. */
export async function runScheduledJob(functionName: FunctionName, time = new Date()): Promise<unknown> {
  const event = scheduledEvent(functionName, time);
  const handler = await loadHandler(functionName);
  return handler(event, lambdaContext(functionName, event.id));
}

/**
 * Runs every declared schedule on its rate. A run that is still going when the next is due is
 * not overlapped (the next tick is skipped), which keeps one process from piling up work.
 */
export function startScheduler(log: (line: string) => void = () => undefined): {
  jobs: ScheduledJob[];
  stop(): Promise<void>;
} {
  const jobs = scheduledJobs();
  const running = new Map<FunctionName, Promise<void>>();
  const timers = jobs.map((job) =>
    setInterval(() => {
      if (running.has(job.functionName)) {
        log(`schedule ${job.functionName}: previous run still going, skipping this tick`);
        return;
      }
      const run = runScheduledJob(job.functionName)
        .then(() => undefined)
        .catch((error: unknown) =>
          log(
            `schedule ${job.functionName} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => running.delete(job.functionName));
      running.set(job.functionName, run);
    }, job.intervalMs),
  );
  return {
    jobs,
    async stop() {
      timers.forEach(clearInterval);
      await Promise.allSettled(running.values());
    },
  };
}
