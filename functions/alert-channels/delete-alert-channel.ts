import { channelPathSchema, ownerQuerySchema } from '../../shared/alerts/channel-schemas';
import { deleteChannel } from '../../shared/alerts/channel-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: channelPathSchema, query: ownerQuerySchema },
  async ({ path, query, principal, requestId }) => {
    await deleteChannel(principal, path.channel_id, query.tenant_id, requestId);
    return { status: 204 };
  },
);
