import { ingestQueueMessageSchema, processIngestMessage } from '../../shared/ingest-routing/ingest-queue';
import { queueHandler } from '../../shared/queues/queue-handler';

export const handler = queueHandler(ingestQueueMessageSchema, processIngestMessage);
