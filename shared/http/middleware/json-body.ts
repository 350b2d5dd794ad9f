import {
  MalformedJsonError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../errors/typed-errors';
import { stateOf, type HttpMiddleware } from '../http-types';

export interface JsonBodyOptions {
  /** Largest accepted body, in bytes after base64 decoding. */
  maxBytes: number;
}

/** Enforces the body size limit and parses a JSON body (problem+json on anything else). */
export function jsonBody({ maxBytes }: JsonBodyOptions): HttpMiddleware {
  const jsonBodyBefore: HttpMiddleware['before'] = (request) => {
    const { body, isBase64Encoded, headers } = request.event;
    if (body === undefined || body === null || body === '') return;
    const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
    if (bytes.length > maxBytes) {
      throw new PayloadTooLargeError(`The body is ${bytes.length} bytes; the limit is ${maxBytes}.`);
    }
    const contentType = headers?.['content-type'] ?? '';
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(contentType)) {
      throw new UnsupportedMediaTypeError('Send the body as application/json.');
    }
    try {
      stateOf(request.event).rawBody = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch (error) {
      throw new MalformedJsonError(error instanceof Error ? error.message : 'The body could not be parsed.');
    }
  };
  return { before: jsonBodyBefore };
}
