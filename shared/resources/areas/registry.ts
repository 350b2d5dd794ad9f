import type { FunctionDeclaration, ResourceAccess } from '../declarations';

const readConfig = { tables: { config: 'read' } } as const satisfies ResourceAccess;
const writeConfigAndAudit = { tables: { config: 'write', audit: 'write' } } as const satisfies ResourceAccess;

/** The worker registry (declarations and heartbeats) and the destination registry. */
export const registryFunctions = {
  listWorkers: {
    description: 'List registered workers (platform principals).',
    entry: 'functions/registry/list-workers.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/workers' }],
  },
  getWorker: {
    description: 'Read one registered worker (platform principals).',
    entry: 'functions/registry/get-worker.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/workers/{worker_type}/{instance_id}' }],
  },
  putWorker: {
    description: 'Declare a worker or replace its declaration (platform admins).',
    entry: 'functions/registry/put-worker.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'PUT', path: '/admin/workers/{worker_type}/{instance_id}' }],
  },
  deleteWorker: {
    description: "Remove a worker's declaration and heartbeat registration (platform admins).",
    entry: 'functions/registry/delete-worker.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'DELETE', path: '/admin/workers/{worker_type}/{instance_id}' }],
  },
  recordHeartbeats: {
    description: 'Workers register themselves with expiring heartbeats (ingest keys).',
    entry: 'functions/registry/record-heartbeats.ts',
    // Heartbeats are telemetry: one BatchWrite Put per worker, no audit record.
    access: { tables: { config: 'write' } },
    routes: [{ method: 'POST', path: '/ingest/heartbeat' }],
  },
  listDestinations: {
    description:
      'List declared destinations (platform principals; tenant admins see theirs and platform-wide).',
    entry: 'functions/registry/list-destinations.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/destinations' }],
  },
  getDestination: {
    description: 'Read one declared destination.',
    entry: 'functions/registry/get-destination.ts',
    access: readConfig,
    routes: [{ method: 'GET', path: '/admin/destinations/{destination_id}' }],
  },
  putDestination: {
    description: 'Declare a destination or replace it (admins).',
    entry: 'functions/registry/put-destination.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'PUT', path: '/admin/destinations/{destination_id}' }],
  },
  deleteDestination: {
    description: 'Delete a declared destination (admins).',
    entry: 'functions/registry/delete-destination.ts',
    access: writeConfigAndAudit,
    routes: [{ method: 'DELETE', path: '/admin/destinations/{destination_id}' }],
  },
} as const satisfies Record<string, FunctionDeclaration>;
