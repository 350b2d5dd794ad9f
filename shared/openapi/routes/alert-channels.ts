import {
  alertChannelWithSecretSchema,
  channelListSchema,
  channelPathSchema,
  createChannelBodySchema,
  listChannelsQuerySchema,
  ownerQuerySchema,
  updateChannelBodySchema,
  verifyChannelResponseSchema,
} from '../../alerts/channel-schemas';
import type { RouteDocumentation } from '../route-documentation';

/** Alert channels and their verification. */
export const alertChannelRoutes: Record<string, RouteDocumentation> = {
  'GET /alerts/channels': {
    summary:
      "List an owner's alert channels (operators and above; platform principals name tenant_id or `platform`, default `platform`). Secrets are never listed.",
    tag: 'alerts',
    query: listChannelsQuerySchema,
    response: { status: 200, description: 'The channels, oldest first', schema: channelListSchema },
  },
  'POST /alerts/channels': {
    summary:
      'Create a webhook channel (https URL checked against SSRF; a whsec_ signing secret is generated unless given) or an e-mail channel (admins)',
    tag: 'alerts',
    body: createChannelBodySchema,
    response: {
      status: 201,
      description: 'The channel; for a webhook with its signing secret, shown this once',
      schema: alertChannelWithSecretSchema,
    },
  },
  'PUT /alerts/channels/{channel_id}': {
    summary:
      'Change a channel (name, enabled, url or addresses) or rotate its secret with rotate_secret: true; the old secret keeps signing for the grace period (admins)',
    tag: 'alerts',
    path: channelPathSchema,
    body: updateChannelBodySchema,
    response: {
      status: 200,
      description: 'The channel; with the new secret when it was rotated',
      schema: alertChannelWithSecretSchema,
    },
  },
  'DELETE /alerts/channels/{channel_id}': {
    summary: 'Delete a channel (admins)',
    tag: 'alerts',
    path: channelPathSchema,
    query: ownerQuerySchema,
    response: { status: 204, description: 'Deleted' },
  },
  'POST /alerts/channels/{channel_id}/verify': {
    summary:
      'Send a real test notification (signed webhook or e-mail) now, record the result on the channel and mark it verified on success (admins)',
    tag: 'alerts',
    path: channelPathSchema,
    query: ownerQuerySchema,
    response: {
      status: 200,
      description: 'The result (ok false when the receiver failed) and the channel as recorded',
      schema: verifyChannelResponseSchema,
    },
  },
};
