/**
 * The fleet's control API (127.0.0.1 only): list the instances, inject and clear faults, stop
 * and start instances. `handleControlRequest` knows nothing of HTTP servers (it returns status
 * and body), so it is tested without one; `startControlApi` serves it.
 *
 *   GET    /instances                      every instance
 *   GET    /instances/{id}                 one instance
 *   PUT    /instances/{id}/faults          merge {unhealthy?, not_ready?, slow_ms?, error_rate?}
 *   DELETE /instances/{id}/faults          clear every fault
 *   POST   /instances/{id}/stop            stop the process (a worker gone)
 *   POST   /instances/{id}/start           start it again (same port, same faults)
 */
import { createServer, type Server } from 'node:http';
import { z } from 'zod';
import { faultsPatchSchema, mergeFaults, NO_FAULTS, type Faults } from './faults';
import {
  BodyTooLargeError,
  closeServer,
  errorMessage,
  FleetPortInUseError,
  listen,
  LOOPBACK,
  readBody,
  sendJson,
  sendProblem,
  type Problem,
} from './http-json';
import type { InstanceDescription } from './worker-process';

/** What the control API needs of an instance (WorkerProcess in the fleet, a stub in tests). */
export interface ControllableInstance {
  readonly instanceId: string;
  describe(): InstanceDescription;
  setFaults(faults: Faults): Promise<Faults>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export type ControlResponse =
  | { readonly status: number; readonly body: unknown }
  | { readonly status: number; readonly problem: Problem; readonly headers?: Record<string, string> };

const instanceRoute = /^\/instances\/([^/]+)(?:\/(faults|stop|start))?$/;

/** Routes one control request. `body` is the raw request body (only PUT …/faults reads it). */
export async function handleControlRequest(
  instances: ReadonlyMap<string, ControllableInstance>,
  method: string,
  pathname: string,
  body: string,
): Promise<ControlResponse> {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/instances') {
    if (method !== 'GET') return methodNotAllowed(path, 'GET');
    // Every instance fits in one page; next_cursor follows the API's list convention.
    const items = [...instances.values()].map((instance) => instance.describe());
    return { status: 200, body: { items, next_cursor: null } };
  }
  const match = instanceRoute.exec(path);
  if (!match) return problem(404, 'not-found', 'Not found', `No route ${path}; see GET /instances`);
  const id = decodeURIComponent(match[1] ?? '');
  const action = match[2];
  const instance = instances.get(id);
  if (!instance) {
    return problem(
      404,
      'fleet-instance-not-found',
      'No such instance',
      `No instance "${id}"; GET /instances lists them`,
    );
  }

  if (action === undefined) {
    if (method !== 'GET') return methodNotAllowed(path, 'GET');
    return { status: 200, body: instance.describe() };
  }
  if (action === 'faults') {
    if (method === 'DELETE') {
      await instance.setFaults({ ...NO_FAULTS });
      return { status: 200, body: instance.describe() };
    }
    if (method !== 'PUT') return methodNotAllowed(path, 'PUT, DELETE');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return problem(
        400,
        'malformed-json',
        'The request body is not valid JSON',
        'Send a JSON object, e.g. {"error_rate": 0.5}',
      );
    }
    const patch = faultsPatchSchema.safeParse(json);
    if (!patch.success) {
      return {
        status: 400,
        problem: {
          status: 400,
          slug: 'validation-error',
          title: 'The request is not valid',
          detail: z.prettifyError(patch.error),
          errors: patch.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        },
      };
    }
    await instance.setFaults(mergeFaults(instance.describe().faults, patch.data));
    return { status: 200, body: instance.describe() };
  }

  if (method !== 'POST') return methodNotAllowed(path, 'POST');
  try {
    await (action === 'stop' ? instance.stop() : instance.start());
  } catch (error) {
    if (error instanceof FleetPortInUseError) {
      return problem(409, 'fleet-port-in-use', 'The instance port is taken', error.message);
    }
    return problem(500, 'fleet-instance-start-failed', 'The instance did not start', errorMessage(error));
  }
  return { status: 200, body: instance.describe() };
}

function problem(status: number, slug: string, title: string, detail: string): ControlResponse {
  return { status, problem: { status, slug, title, detail } };
}

function methodNotAllowed(path: string, allow: string): ControlResponse {
  return {
    status: 405,
    problem: {
      status: 405,
      slug: 'method-not-allowed',
      title: 'Method not allowed',
      detail: `${path} answers ${allow}`,
    },
    headers: { allow },
  };
}

export interface ControlApi {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the control API on 127.0.0.1:port (0: any free port). */
export async function startControlApi(
  instances: ReadonlyMap<string, ControllableInstance>,
  port: number,
  log: (line: string) => void,
): Promise<ControlApi> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      let result: ControlResponse;
      try {
        const body = await readBody(request);
        const { pathname } = new URL(request.url ?? '/', 'http://control');
        result = await handleControlRequest(instances, request.method ?? 'GET', pathname, body);
      } catch (error) {
        result =
          error instanceof BodyTooLargeError
            ? problem(413, 'payload-too-large', 'The request body is too large', error.message)
            : problem(500, 'internal', 'Internal error', 'The control API failed; see the fleet log');
        if (!(error instanceof BodyTooLargeError))
          log(`control API: ${request.method} ${request.url}: ${errorMessage(error)}`);
      }
      if ('problem' in result) sendProblem(response, result.problem, result.headers);
      else sendJson(response, result.status, result.body);
    })();
  });
  const boundPort = await listen(server, port, 'fleet control API');
  return { url: `http://${LOOPBACK}:${boundPort}`, close: () => closeServer(server) };
}
