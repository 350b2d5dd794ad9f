/**
 * Declares the stage queues to Opsdeck as platform-wide destinations
 * (`PUT /api/admin/destinations/fleet-<stage>`), so that Opsdeck accepts dead letters that name
 * them and may redrive to them. An Opsdeck without that endpoint yet (404) is told once and the
 * fleet goes on; other failures are retried later by the caller.
 */
import { destinationId } from './fleet-topology';
import { apiEndpoint } from './ingest-client';
import type { StageQueue } from './dlq-forwarder';
import { errorMessage } from './http-json';

export type DeclarationOutcome = 'declared' | 'endpoint-missing' | 'failed';

export async function declareDestinations(options: {
  readonly apiUrl: string;
  readonly adminKey: string;
  readonly queues: readonly StageQueue[];
  readonly log: (line: string) => void;
}): Promise<DeclarationOutcome> {
  const outcomes = await Promise.all(
    options.queues.map(async (queue): Promise<DeclarationOutcome> => {
      const id = destinationId(queue.stage);
      try {
        const response = await fetch(
          apiEndpoint(options.apiUrl, `admin/destinations/${encodeURIComponent(id)}`),
          {
            method: 'PUT',
            headers: { authorization: `Bearer ${options.adminKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ kind: 'sqs', address: queue.url }),
            signal: AbortSignal.timeout(10_000),
          },
        );
        await response.body?.cancel();
        if (response.ok) return 'declared';
        if (response.status === 404) return 'endpoint-missing';
        options.log(`destination ${id}: PUT answered ${response.status}`);
        return 'failed';
      } catch (error) {
        options.log(`destination ${id}: ${errorMessage(error)}`);
        return 'failed';
      }
    }),
  );
  if (outcomes.every((outcome) => outcome === 'declared')) return 'declared';
  if (outcomes.includes('failed')) return 'failed';
  return 'endpoint-missing';
}
