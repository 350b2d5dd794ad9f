import type { FunctionDeclaration, ResourceAccess } from '../declarations';

const readChannels = { tables: { config: 'read' } } as const satisfies ResourceAccess;
/** Changes to channels commit with their audit record; tenants are read from config. */
const manageChannels = { tables: { config: 'write', audit: 'write' } } as const satisfies ResourceAccess;

/** Alert channels (webhook, e-mail) and notification delivery (P10-6 channels, P10-8). */
export const alertChannelFunctions = {
  listAlertChannels: {
    description: "List an owner's alert channels (operators); secrets are never listed.",
    entry: 'functions/alert-channels/list-alert-channels.ts',
    access: readChannels,
    routes: [{ method: 'GET', path: '/alerts/channels' }],
  },
  createAlertChannel: {
    description: 'Create a webhook (SSRF-checked URL, signing secret) or e-mail channel (admins).',
    entry: 'functions/alert-channels/create-alert-channel.ts',
    access: manageChannels,
    routes: [{ method: 'POST', path: '/alerts/channels' }],
  },
  updateAlertChannel: {
    description: 'Change a channel or rotate its signing secret with a grace period (admins).',
    entry: 'functions/alert-channels/update-alert-channel.ts',
    access: manageChannels,
    routes: [{ method: 'PUT', path: '/alerts/channels/{channel_id}' }],
  },
  deleteAlertChannel: {
    description: 'Delete a channel (admins).',
    entry: 'functions/alert-channels/delete-alert-channel.ts',
    access: manageChannels,
    routes: [{ method: 'DELETE', path: '/alerts/channels/{channel_id}' }],
  },
  verifyAlertChannel: {
    description: 'Send a real test notification to a channel now and record the result (admins).',
    entry: 'functions/alert-channels/verify-alert-channel.ts',
    access: { ...manageChannels, email: 'send' },
    // A webhook may take its whole timeout (10 s by default) to answer.
    timeoutSeconds: 20,
    routes: [{ method: 'POST', path: '/alerts/channels/{channel_id}/verify' }],
  },
  consumeNotificationsQueue: {
    description:
      'Deliver alert notifications: signed webhook or SES e-mail, every attempt recorded, backoff retries re-enqueued, exhausted ones to the DLQ.',
    entry: 'functions/alert-channels/consume-notifications-queue.ts',
    access: {
      // config: read channels and disable one that answered 410; alerts: attempts, idempotency
      // records and the alert's notification_status; audit: the disabling is audited.
      tables: { config: 'write', alerts: 'write', audit: 'write' },
      // Retries are re-enqueued (with a delay) on the queue this function consumes.
      queues: { notifications: 'send' },
      // Exhausted notifications are moved to the DLQ at once, with the failure recorded.
      deadLetterQueues: { notifications: 'send' },
      email: 'send',
    },
    timeoutSeconds: 30,
    consumes: 'notifications',
  },
} as const satisfies Record<string, FunctionDeclaration>;
