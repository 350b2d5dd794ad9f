import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientDefaults, localEndpoint } from './endpoint';

/** The process's one DynamoDB client (module scope, reused across invocations). */
export const dynamoDbClient = new DynamoDBClient({ ...clientDefaults, endpoint: localEndpoint('DYNAMODB') });

/** DynamoDB with plain JavaScript values in and out. */
export const documentClient = DynamoDBDocumentClient.from(dynamoDbClient, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
