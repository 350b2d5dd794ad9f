import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deliverNotificationBatch } from '../../shared/alerts/delivery-service';

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>().handler(deliverNotificationBatch);
