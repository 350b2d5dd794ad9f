import { httpHandler } from '../../shared/http/http-handler';
import { revokeApiKey } from '../../shared/identity/api-key-service';
import { apiKeyPathSchema } from '../../shared/identity/api-key-schemas';

export const handler = httpHandler({ path: apiKeyPathSchema }, async ({ path, principal, requestId }) => ({
  body: await revokeApiKey(principal, path.key_id, requestId),
}));
