import { channelPathSchema, updateChannelBodySchema } from '../../shared/alerts/channel-schemas';
import { updateChannel } from '../../shared/alerts/channel-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { path: channelPathSchema, body: updateChannelBodySchema },
  async ({ path, body, principal, requestId }) => {
    const { channel, secret } = await updateChannel(principal, path.channel_id, body, requestId);
    return { body: { ...channel, ...(secret ? { secret } : {}) } };
  },
);
