import { httpHandler } from '../../shared/http/http-handler';
import { buildOpenApiDocument } from '../../shared/openapi/api-document';

// Generated once per container: the document only changes with a deployment.
const document = buildOpenApiDocument();

export const handler = httpHandler({ authenticated: false }, () => ({ body: document }));
