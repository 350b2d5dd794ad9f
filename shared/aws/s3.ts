import { S3Client } from '@aws-sdk/client-s3';
import { clientDefaults, localEndpoint } from './endpoint';

/** The process's one S3 client; the local emulator serves buckets by path, not by virtual host. */
export const s3Client = new S3Client({
  ...clientDefaults,
  endpoint: localEndpoint('S3'),
  forcePathStyle: localEndpoint('S3') !== undefined,
});
