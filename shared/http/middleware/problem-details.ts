import { HttpError, toProblem } from '../../errors/typed-errors';
import { logger } from '../../logging/logger';
import type { HttpMiddleware } from '../http-types';

/**
 * Turns any error into an RFC 9457 `application/problem+json` response. HttpErrors keep their
 * status and detail; anything else is logged with its stack and answered with a generic 500.
 */
export function problemDetails(): HttpMiddleware {
  const problemDetailsOnError: HttpMiddleware['onError'] = (request) => {
    const error = request.error;
    if (!(error instanceof HttpError)) {
      logger.error('unhandled error', { error: error instanceof Error ? error : String(error) });
    }
    const problem = toProblem(
      error,
      request.event.opsdeck?.requestId ?? request.event.requestContext.requestId,
      request.event.rawPath,
    );
    request.response = {
      statusCode: problem.status,
      headers: {
        'Content-Type': 'application/problem+json',
        'Cache-Control': 'no-store',
        ...(error instanceof HttpError ? error.headers : {}),
      },
      body: JSON.stringify(problem),
    };
  };
  return { onError: problemDetailsOnError };
}
