import { httpHandler } from '../../shared/http/http-handler';
import { dlqPathSchema } from '../../shared/dlq/dlq-schemas';
import { getDlqEntryFor } from '../../shared/dlq/dlq-service';

export const handler = httpHandler({ path: dlqPathSchema }, async ({ path, principal }) => ({
  body: await getDlqEntryFor(principal, path.dlq_id),
}));
