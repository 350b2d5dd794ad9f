import { Logger } from '@aws-lambda-powertools/logger';

/** The structured JSON logger shared by every handler (one per process, as Powertools advises). */
export const logger = new Logger({ serviceName: 'opsdeck' });
