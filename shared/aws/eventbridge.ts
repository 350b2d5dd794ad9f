import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { clientDefaults, localEndpoint } from './endpoint';

/** The process's one EventBridge client (publishing DLQ retries to declared buses). */
export const eventBridgeClient = new EventBridgeClient({
  ...clientDefaults,
  endpoint: localEndpoint('EVENTBRIDGE'),
});

/** False on the local stack unless an EventBridge endpoint is configured: there is no emulator. */
export const eventBridgeAvailable = (): boolean =>
  process.env.OPSDECK_STAGE !== 'local' || localEndpoint('EVENTBRIDGE') !== undefined;
