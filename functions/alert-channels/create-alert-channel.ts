import { createChannelBodySchema } from '../../shared/alerts/channel-schemas';
import { createChannel } from '../../shared/alerts/channel-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler(
  { body: createChannelBodySchema },
  async ({ body, principal, requestId }) => {
    const { channel, secret } = await createChannel(principal, body, requestId);
    return {
      status: 201,
      body: { ...channel, ...(secret ? { secret } : {}) },
      headers: { Location: `/api/alerts/channels/${channel.channel_id}` },
    };
  },
);
