import { refreshWorkerHealth } from '../../shared/ops-workers/health-service';
import { scheduledHandler } from '../../shared/scheduling/scheduled-handler';

export const handler = scheduledHandler(async ({ time }) => refreshWorkerHealth({ now: time }));
