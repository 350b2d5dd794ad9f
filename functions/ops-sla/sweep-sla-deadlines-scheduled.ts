import { scheduledHandler } from '../../shared/scheduling/scheduled-handler';
import { sweepSlaDeadlines } from '../../shared/sla/sla-service';

export const handler = scheduledHandler(async ({ time }) => {
  const { emitted, skipped } = await sweepSlaDeadlines(time);
  return {
    imminent: emitted.filter((event) => event.event_type === 'SLAImminent').length,
    expired: emitted.filter((event) => event.event_type === 'SLAExpired').length,
    skipped,
  };
});
