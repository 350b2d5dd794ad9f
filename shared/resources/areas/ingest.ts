import type { FunctionDeclaration } from '../declarations';

export const ingestFunctions = {
  ingestProcessingEvents: {
    description: 'Ingest processing events into per-minute, hourly and daily aggregates.',
    entry: 'functions/ingest/ingest-processing-events.ts',
    access: { tables: { config: 'read', telemetry: 'write' } },
    memoryMb: 1024,
    timeoutSeconds: 30,
    routes: [{ method: 'POST', path: '/ingest/processing-events' }],
  },
} as const satisfies Record<string, FunctionDeclaration>;
