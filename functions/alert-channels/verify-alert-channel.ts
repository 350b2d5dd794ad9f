import { channelPathSchema, ownerQuerySchema } from '../../shared/alerts/channel-schemas';
import { verifyChannel } from '../../shared/alerts/channel-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: channelPathSchema, query: ownerQuerySchema },
  async ({ path, query, principal, requestId }) => ({
    body: await verifyChannel(principal, path.channel_id, query.tenant_id, requestId),
  }),
);
