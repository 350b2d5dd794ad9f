import { httpHandler } from '../../shared/http/http-handler';
import { alertPathSchema } from '../../shared/alerts/alert-history-schemas';
import { getAlertDetail } from '../../shared/alerts/alert-history-service';

export const handler = httpHandler({ path: alertPathSchema }, async ({ path, principal }) => ({
  body: await getAlertDetail(principal, path.alert_id),
}));
