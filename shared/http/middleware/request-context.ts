import { logger } from '../../logging/logger';
import { stateOf, type HttpMiddleware } from '../http-types';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a correlation id — the caller's `X-Request-Id` when it is well formed,
 * otherwise API Gateway's request id — adds it to every log line and echoes it in the response.
 */
export function requestContext(): HttpMiddleware {
  const requestContextBefore: HttpMiddleware['before'] = (request) => {
    const presented = request.event.headers?.['x-request-id'];
    const requestId =
      presented && REQUEST_ID_PATTERN.test(presented) ? presented : request.event.requestContext.requestId;
    request.event.opsdeck = { requestId, startedAt: Date.now() };
    logger.resetKeys();
    logger.appendKeys({ request_id: requestId, route: request.event.routeKey });
  };
  const requestContextAfter: HttpMiddleware['after'] = (request) => {
    const response = request.response;
    if (!response || !request.event.opsdeck) return;
    const state = stateOf(request.event);
    response.headers = { ...response.headers, 'X-Request-Id': state.requestId };
    const fields = { status: response.statusCode, duration_ms: Date.now() - state.startedAt };
    if ((response.statusCode ?? 200) >= 500) logger.error('request failed', fields);
    else logger.info('request completed', fields);
  };
  return { before: requestContextBefore, after: requestContextAfter, onError: requestContextAfter };
}
