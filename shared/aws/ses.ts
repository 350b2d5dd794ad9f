import { SESv2Client } from '@aws-sdk/client-sesv2';
import { clientDefaults, localEndpoint } from './endpoint';

/** The process's one SES v2 client. */
export const sesClient = new SESv2Client({ ...clientDefaults, endpoint: localEndpoint('SES') });
