import { httpHandler } from '../../shared/http/http-handler';
import { dlqStatsQuerySchema } from '../../shared/dlq/dlq-schemas';
import { getDlqStatsFor } from '../../shared/dlq/dlq-service';

export const handler = httpHandler({ query: dlqStatsQuerySchema }, async ({ query, principal }) => ({
  body: await getDlqStatsFor(principal, query),
}));
