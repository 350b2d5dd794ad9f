import { scheduledHandler } from '../../shared/scheduling/scheduled-handler';
import { sealFinishedHours } from '../../shared/telemetry/sealed-hours';

export const handler = scheduledHandler(async ({ time }) =>
  sealFinishedHours({ now: time, budgetMs: 45_000 }),
);
