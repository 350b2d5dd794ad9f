import { SQSClient } from '@aws-sdk/client-sqs';
import { clientDefaults, localEndpoint } from './endpoint';

/** The process's one SQS client. */
export const sqsClient = new SQSClient({ ...clientDefaults, endpoint: localEndpoint('SQS') });
