import { listChannelsQuerySchema } from '../../shared/alerts/channel-schemas';
import { listChannelsFor } from '../../shared/alerts/channel-service';
import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler({ query: listChannelsQuerySchema }, async ({ query, principal }) => ({
  body: { items: await listChannelsFor(principal, query), next_cursor: null },
}));
