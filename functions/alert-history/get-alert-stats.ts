import { httpHandler } from '../../shared/http/http-handler';
import { historyStatsQuerySchema } from '../../shared/alerts/alert-history-schemas';
import { getAlertStats } from '../../shared/alerts/alert-history-service';

export const handler = httpHandler({ query: historyStatsQuerySchema }, async ({ query, principal }) => ({
  body: await getAlertStats(principal, query),
}));
