import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functions, type FunctionName } from '../../shared/resources/declarations';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<FunctionName, Promise<LambdaHandler>>();

/**
 * Imports a function's entry module once, as Lambda loads it once per container. The local stack
 * sets every resource environment variable before the first import, as CDK does per function.
 */
export function loadHandler(name: FunctionName): Promise<LambdaHandler> {
  let handler = loaded.get(name);
  if (!handler) {
    const entry = pathToFileURL(path.join(repositoryRoot, functions[name].entry)).href;
    handler = import(entry).then((module: { handler?: LambdaHandler }) => {
      if (typeof module.handler !== 'function')
        throw new Error(`${functions[name].entry} does not export handler`);
      return module.handler;
    });
    loaded.set(name, handler);
  }
  return handler;
}

/** A Lambda context for an in-process invocation of `name`. */
export function lambdaContext(name: FunctionName, requestId: string): Context {
  const declaration = functions[name] as { timeoutSeconds?: number };
  const deadline = Date.now() + (declaration.timeoutSeconds ?? 29) * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `opsdeck-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:opsdeck-local-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/opsdeck-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
