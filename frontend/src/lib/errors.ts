import { ApiError, NetworkError } from './api-client';
import { RouteForbiddenError } from './authorization';

export interface ErrorDescription {
  title: string;
  detail: string | undefined;
  requestId: string | undefined;
}

/** Turns anything thrown into the words an error panel or toast shows. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) {
    return { title: titleForStatus(error), detail: error.detail, requestId: error.requestId };
  }
  if (error instanceof NetworkError) {
    return { title: 'Cannot reach the API', detail: error.message, requestId: undefined };
  }
  if (error instanceof RouteForbiddenError) {
    return { title: 'Not available for your role', detail: error.message, requestId: undefined };
  }
  if (error instanceof Error) {
    return { title: 'Something went wrong', detail: error.message, requestId: undefined };
  }
  return { title: 'Something went wrong', detail: String(error), requestId: undefined };
}

function titleForStatus(error: ApiError): string {
  if (error.title && error.title !== 'about:blank') return error.title;
  if (error.status === 403) return 'Forbidden';
  if (error.status === 404) return 'Not found';
  return `Request failed (${error.status})`;
}
