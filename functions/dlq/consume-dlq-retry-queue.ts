import { processRetryMessage } from '../../shared/dlq/dlq-batch-service';
import { dlqRetryMessageSchema } from '../../shared/dlq/dlq-schemas';
import { queueHandler } from '../../shared/queues/queue-handler';

export const handler = queueHandler(dlqRetryMessageSchema, processRetryMessage);
