import { httpHandler } from '../../shared/http/http-handler';
import { alertPathSchema } from '../../shared/alerts/alert-history-schemas';
import { resolveAlert } from '../../shared/alerts/alert-history-service';

export const handler = httpHandler({ path: alertPathSchema }, async ({ path, principal, requestId }) => ({
  body: await resolveAlert(principal, path.alert_id, requestId),
}));
