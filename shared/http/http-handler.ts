import middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { type ZodType } from 'zod';
import { integerEnv } from '../settings/env';
import type { Principal } from '../access/principal';
import { ValidationError, type FieldProblem } from '../errors/typed-errors';
import { stateOf, type HttpEvent, type HttpResponse, type HttpResult } from './http-types';
import { authentication } from './middleware/authentication';
import { jsonBody } from './middleware/json-body';
import { problemDetails } from './middleware/problem-details';
import { requestContext } from './middleware/request-context';

const DEFAULT_MAX_BODY_BYTES = integerEnv('OPSDECK_MAX_BODY_BYTES', 256 * 1024);

export interface HttpHandlerDefinition<
  TBody extends ZodType | undefined,
  TQuery extends ZodType | undefined,
  TPath extends ZodType | undefined,
  TAuth extends boolean,
> {
  /** Whether the route needs an API key (default true). */
  authenticated?: TAuth;
  body?: TBody;
  query?: TQuery;
  path?: TPath;
  maxBodyBytes?: number;
}

type Parsed<T> = T extends ZodType ? z.output<T> : undefined;

export interface HttpRequestInput<TBody, TQuery, TPath, TAuth extends boolean> {
  body: Parsed<TBody>;
  query: Parsed<TQuery>;
  path: Parsed<TPath>;
  principal: TAuth extends false ? undefined : Principal;
  requestId: string;
  headers: Readonly<Record<string, string | undefined>>;
}

const fieldProblems = (error: z.ZodError, location: string): FieldProblem[] =>
  error.issues.map((issue) => ({
    path: [location, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

function parseInput<T extends ZodType | undefined>(schema: T, value: unknown, location: string): Parsed<T> {
  if (!schema) {
    const isEmpty =
      value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!isEmpty) {
      throw new ValidationError(`This route takes no ${location}.`, {
        errors: [{ path: location, message: `no ${location} is accepted here` }],
      });
    }
    return undefined as Parsed<T>;
  }
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (!result.success) {
    const errors = fieldProblems(result.error, location);
    throw new ValidationError(
      `The ${location} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      {
        errors,
      },
    );
  }
  return result.data as Parsed<T>;
}

/**
 * Builds a Lambda handler for an HTTP API route: correlation id and logs, security headers,
 * problem+json errors, body limit and JSON parsing, API-key authentication, then zod validation of
 * path, query and body (unknown fields rejected by the strict schemas). The `handle` function gets
 * typed input and returns `{status, body, headers}`; it never sees raw HTTP.
 */
export function httpHandler<
  TBody extends ZodType | undefined = undefined,
  TQuery extends ZodType | undefined = undefined,
  TPath extends ZodType | undefined = undefined,
  TAuth extends boolean = true,
>(
  definition: HttpHandlerDefinition<TBody, TQuery, TPath, TAuth>,
  handle: (input: HttpRequestInput<TBody, TQuery, TPath, TAuth>) => Promise<HttpResult> | HttpResult,
) {
  const authenticated = definition.authenticated ?? true;
  const chain = middy<HttpEvent, HttpResponse, Error, Context>()
    .use(requestContext())
    .use(
      httpSecurityHeaders({
        contentSecurityPolicy: { 'default-src': "'none'", 'frame-ancestors': "'none'" },
      }),
    )
    .use(problemDetails())
    .use(jsonBody({ maxBytes: definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES }));
  if (authenticated) chain.use(authentication());
  return chain.handler(async (event): Promise<HttpResponse> => {
    const state = stateOf(event);
    const path = parseInput(definition.path as TPath, event.pathParameters, 'path');
    const query = parseInput(definition.query as TQuery, event.queryStringParameters, 'query');
    const body = parseInput(definition.body as TBody, state.rawBody, 'body');
    const result = await handle({
      body,
      query,
      path,
      principal: state.principal as HttpRequestInput<TBody, TQuery, TPath, TAuth>['principal'],
      requestId: state.requestId,
      headers: event.headers ?? {},
    });
    const status = result.status ?? (result.body === undefined ? 204 : 200);
    return {
      statusCode: status,
      headers: {
        'Cache-Control': 'no-store',
        ...(result.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...result.headers,
      },
      ...(result.body === undefined ? {} : { body: JSON.stringify(result.body) }),
    };
  });
}
