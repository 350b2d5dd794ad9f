import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Principal } from '../access/principal';

/** State the HTTP middlewares attach to the event for the ones after them and the handler. */
export interface RequestState {
  requestId: string;
  startedAt: number;
  /** The JSON body, parsed but not yet validated. */
  rawBody?: unknown;
  principal?: Principal;
}

export type HttpEvent = APIGatewayProxyEventV2 & { opsdeck?: RequestState };
export type HttpResponse = APIGatewayProxyStructuredResultV2;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResponse, Error, Context>;

/** The request state, which the request-context middleware always creates first. */
export function stateOf(event: HttpEvent): RequestState {
  if (!event.opsdeck) throw new Error('requestContext middleware must run before this one');
  return event.opsdeck;
}

/** What a handler returns; the factory turns it into the API Gateway response. */
export interface HttpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}
