import { httpHandler } from '../../shared/http/http-handler';
import { listHistoryQuerySchema } from '../../shared/alerts/alert-history-schemas';
import { listAlertHistory } from '../../shared/alerts/alert-history-service';

export const handler = httpHandler({ query: listHistoryQuerySchema }, async ({ query, principal }) => ({
  body: await listAlertHistory(principal, query),
}));
