import { scheduledHandler } from '../../shared/scheduling/scheduled-handler';
import { verifyAllAuditChains } from '../../shared/audit/audit-service';

export const handler = scheduledHandler(async ({ time }) => {
  const results = await verifyAllAuditChains(time);
  return { chains: results.length, broken: results.filter((result) => !result.ok).length };
});
