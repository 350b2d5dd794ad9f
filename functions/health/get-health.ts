import { httpHandler } from '../../shared/http/http-handler';

export const handler = httpHandler({ authenticated: false }, () => ({
  body: { status: 'ok', service: 'opsdeck', time: new Date().toISOString() },
}));
