/** The local stack points each client at its emulator through `OPSDECK_<SERVICE>_ENDPOINT`; in AWS these are unset. */
export const localEndpoint = (
  service: 'DYNAMODB' | 'SQS' | 'S3' | 'SES' | 'EVENTBRIDGE',
): string | undefined => process.env[`OPSDECK_${service}_ENDPOINT`] || undefined;

export const clientDefaults = { maxAttempts: 3 } as const;
