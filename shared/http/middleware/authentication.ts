import { authenticate } from '../../identity/authentication';
import { stateOf, type HttpMiddleware } from '../http-types';

/** Resolves `Authorization: Bearer <key>` into the request's principal (401/403 otherwise). */
export function authentication(): HttpMiddleware {
  const authenticationBefore: HttpMiddleware['before'] = async (request) => {
    stateOf(request.event).principal = await authenticate(request.event.headers?.authorization);
  };
  return { before: authenticationBefore };
}
