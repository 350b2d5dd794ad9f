import { evaluateAlerts } from '../../shared/alerts/alert-evaluation-job';
import { scheduledHandler } from '../../shared/scheduling/scheduled-handler';

export const handler = scheduledHandler(async ({ time }) => {
  const { duration_ms: _duration, ...summary } = await evaluateAlerts({ now: time });
  return summary;
});
