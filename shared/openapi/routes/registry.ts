import { ingestBatchSchema, ingestResultSchema } from '../../ingest/ingest-schemas';
import {
  destinationPathSchema,
  destinationSchema,
  listDestinationsQuerySchema,
  putDestinationBodySchema,
} from '../../registry/destination-schemas';
import {
  declareWorkerBodySchema,
  listWorkersQuerySchema,
  workerPathSchema,
  workerSchema,
} from '../../registry/worker-schemas';
import { pageOf, type RouteDocumentation } from '../route-documentation';

/** The worker registry (declarations and heartbeats) and the destination registry. */
export const registryRoutes: Record<string, RouteDocumentation> = {
  'GET /admin/workers': {
    summary: 'List registered workers: declared, or with a live heartbeat (platform principals)',
    tag: 'registry',
    query: listWorkersQuerySchema,
    response: {
      status: 200,
      description: 'A page of workers, by type and instance',
      schema: pageOf(workerSchema),
    },
  },
  'GET /admin/workers/{worker_type}/{instance_id}': {
    summary: 'Read one registered worker (platform principals)',
    tag: 'registry',
    path: workerPathSchema,
    response: { status: 200, description: 'The worker', schema: workerSchema },
  },
  'PUT /admin/workers/{worker_type}/{instance_id}': {
    summary: 'Declare a worker or replace its declaration (platform admins)',
    tag: 'registry',
    path: workerPathSchema,
    body: declareWorkerBodySchema,
    response: { status: 200, description: 'The worker (201 when it was declared now)', schema: workerSchema },
  },
  'DELETE /admin/workers/{worker_type}/{instance_id}': {
    summary: "Remove a worker's declaration and heartbeat registration (platform admins)",
    tag: 'registry',
    path: workerPathSchema,
    response: { status: 204, description: 'Removed' },
  },
  'POST /ingest/heartbeat': {
    summary: 'Workers register themselves; each registration expires after the heartbeat TTL (ingest keys)',
    tag: 'ingest',
    body: ingestBatchSchema,
    response: {
      status: 200,
      description: 'Every heartbeat recorded (207 with the same body when some were rejected)',
      schema: ingestResultSchema,
    },
  },
  'GET /admin/destinations': {
    summary:
      'List declared destinations (tenant admins: platform-wide and their own; platform principals: all)',
    tag: 'registry',
    query: listDestinationsQuerySchema,
    response: {
      status: 200,
      description: 'A page of destinations, by owner and id',
      schema: pageOf(destinationSchema),
    },
  },
  'GET /admin/destinations/{destination_id}': {
    summary: 'Read one declared destination',
    tag: 'registry',
    path: destinationPathSchema,
    response: { status: 200, description: 'The destination', schema: destinationSchema },
  },
  'PUT /admin/destinations/{destination_id}': {
    summary: 'Declare a destination or replace it (admins; tenant admins only their own tenant)',
    tag: 'registry',
    path: destinationPathSchema,
    body: putDestinationBodySchema,
    response: {
      status: 200,
      description: 'The destination (201 when it was declared now)',
      schema: destinationSchema,
    },
  },
  'DELETE /admin/destinations/{destination_id}': {
    summary: 'Delete a declared destination (admins; tenant admins only their own tenant)',
    tag: 'registry',
    path: destinationPathSchema,
    response: { status: 204, description: 'Deleted' },
  },
};
