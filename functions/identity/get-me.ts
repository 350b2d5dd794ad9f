import { httpHandler } from '../../shared/http/http-handler';
import { describePrincipal } from '../../shared/identity/api-key-service';

export const handler = httpHandler({}, async ({ principal }) => ({
  body: await describePrincipal(principal),
}));
