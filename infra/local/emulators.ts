/**
 * The AWS stand-ins of the local stack, started together and stopped together:
 *
 * | service  | emulator                                   | runs as                     |
 * | -------- | ------------------------------------------ | --------------------------- |
 * | DynamoDB | AWS's DynamoDB Local (see dynamodb-local)  | Java child process          |
 * | SQS      | fauxqs 2                                   | in-process Fastify server   |
 * | S3       | s3rver, behind a SigV4 presigned-URL check | in-process HTTP server      |
 * | SES v2   | aws-ses-v2-local                           | in-process Express server   |
 *
 * Everything the Node side opens listens on 127.0.0.1 only; DynamoDB Local has no bind-address
 * option and listens on all interfaces. See docs/local-stack.md.
 */
import type * as SesLocalModule from 'aws-ses-v2-local';
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import type { BuildAppOptions } from 'fauxqs';
import { DynamoDbLocalStartError, startDynamoDbLocal } from './dynamodb-local';

export type EmulatorName = 'dynamodb' | 'sqs' | 's3' | 'ses';

export interface EmulatorEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  readonly ses: string;
}

export interface Emulators {
  readonly endpoints: EmulatorEndpoints;
  /** Stops every emulator; resolves when no child process and no listener is left. Idempotent. */
  stop(): Promise<void>;
}

export interface StartEmulatorsOptions {
  /** Root of the persistent state; each emulator keeps its files in a subdirectory of it. */
  readonly dataDir: string;
  /** False: everything in memory (S3 in a temporary directory), gone after stop(). */
  readonly persistent: boolean;
  /** Fixed ports; omitted or 0 picks a free one on 127.0.0.1. */
  readonly ports?: Partial<Record<EmulatorName, number>>;
  readonly log?: (line: string) => void;
}

/**
 * The only credentials s3rver knows (its built-in account). The other emulators accept any
 * credentials, so the whole local stack signs with these and presigned S3 URLs validate.
 */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const localRegion = 'us-east-1';

const loopback = '127.0.0.1';

/** Subdirectories of the data directory, one per persistent emulator. */
export function emulatorDataPaths(dataDir: string): { dynamodb: string; sqs: string; s3: string } {
  const root = path.resolve(dataDir);
  return { dynamodb: path.join(root, 'dynamodb'), sqs: path.join(root, 'sqs'), s3: path.join(root, 's3') };
}

/** Deletes the emulators' persistent state (the stack must be stopped). Other files in dataDir stay. */
export async function removeEmulatorData(dataDir: string): Promise<void> {
  const paths = emulatorDataPaths(dataDir);
  await Promise.all(Object.values(paths).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A port that was free on 127.0.0.1 a moment ago (for processes that cannot bind port 0 themselves). */
export async function findFreePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, loopback, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Could not determine a free port');
  return address.port;
}

interface RunningEmulator {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Starts all four emulators concurrently; if one fails, the others are stopped before rethrowing. */
export async function startEmulators(options: StartEmulatorsOptions): Promise<Emulators> {
  const log = options.log ?? (() => {});
  const paths = emulatorDataPaths(options.dataDir);
  const port = (name: EmulatorName): number => options.ports?.[name] ?? 0;

  const starters: Record<EmulatorName, () => Promise<RunningEmulator>> = {
    dynamodb: () => startDynamoDb(port('dynamodb'), options.persistent, paths.dynamodb, log),
    sqs: () => startSqs(port('sqs'), options.persistent ? paths.sqs : undefined),
    s3: () => startS3(port('s3'), options.persistent ? paths.s3 : undefined),
    ses: () => startSes(port('ses')),
  };
  const names = Object.keys(starters) as EmulatorName[];
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const startedAt = performance.now();
      try {
        const emulator = await starters[name]();
        log(`${name}: listening on ${emulator.endpoint} (${Math.round(performance.now() - startedAt)} ms)`);
        return emulator;
      } catch (error) {
        throw new Error(`Could not start the ${name} emulator: ${errorMessage(error)}`, { cause: error });
      }
    }),
  );

  const running = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.allSettled(running.map((emulator) => emulator.stop()));
    throw failure.reason;
  }

  const [dynamodb, sqs, s3, ses] = running as [
    RunningEmulator,
    RunningEmulator,
    RunningEmulator,
    RunningEmulator,
  ];
  let stopping: Promise<void> | undefined;
  return {
    endpoints: { dynamodb: dynamodb.endpoint, sqs: sqs.endpoint, s3: s3.endpoint, ses: ses.endpoint },
    stop() {
      stopping ??= (async () => {
        const outcomes = await Promise.allSettled(running.map((emulator) => emulator.stop()));
        const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
        if (errors.length > 0) throw new AggregateError(errors, 'Some emulators did not stop cleanly');
        log('emulators stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Points this process's AWS SDK clients (shared/aws/ reads OPSDECK_*_ENDPOINT) at the
 * emulators. Credentials are overwritten, not defaulted: presigned S3 URLs only validate when
 * signed with s3rver's key, and real credentials have no business reaching a local emulator.
 */
export function setLocalAwsEnvironment(endpoints: EmulatorEndpoints): void {
  if (!process.env.AWS_REGION) process.env.AWS_REGION = localRegion;
  process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  process.env.OPSDECK_DYNAMODB_ENDPOINT = endpoints.dynamodb;
  process.env.OPSDECK_SQS_ENDPOINT = endpoints.sqs;
  process.env.OPSDECK_S3_ENDPOINT = endpoints.s3;
  process.env.OPSDECK_SES_ENDPOINT = endpoints.ses;
}

// ---------------------------------------------------------------------------------------------
// DynamoDB: DynamoDB Local needs its port up front, so a chosen port can be lost to a race; retry.

async function startDynamoDb(
  fixedPort: number,
  persistent: boolean,
  dbPath: string,
  log: (line: string) => void,
): Promise<RunningEmulator> {
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort || (await findFreePort());
    try {
      return await startDynamoDbLocal({ port, persistent, dbPath, log });
    } catch (error) {
      const raced = error instanceof DynamoDbLocalStartError && error.addressInUse;
      if (fixedPort || !raced || attempt >= 3) throw error;
      log(`dynamodb: port ${port} was taken meanwhile, trying another`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SQS: fauxqs. Its startFauxqs() always listens on 0.0.0.0, so we build the same app with the
// public buildApp() and listen on 127.0.0.1 ourselves. Persistence needs the stores wired to its
// SQLite PersistenceManager before the app sees them, which only startFauxqs() does; we repeat
// that wiring, importing the classes from fauxqs's own dist (its exports map hides them).

type FauxqsStores = NonNullable<BuildAppOptions['stores']>;
type FauxqsPersistence = NonNullable<FauxqsStores['sqsStore']['persistence']>;

interface FauxqsInternals {
  SqsStore: new () => FauxqsStores['sqsStore'];
  SnsStore: new () => FauxqsStores['snsStore'];
  S3Store: new () => FauxqsStores['s3Store'];
  PersistenceManager: new (dataDir: string) => FauxqsPersistence;
}

async function loadFauxqsInternals(): Promise<FauxqsInternals> {
  const entry = import.meta.resolve('fauxqs');
  const load = async (file: string, name: string): Promise<unknown> => {
    const module = (await import(new URL(file, entry).href)) as Record<string, unknown>;
    if (typeof module[name] !== 'function') {
      throw new Error(`fauxqs no longer exports ${name} from ${file}; update infra/local/emulators.ts`);
    }
    return module[name];
  };
  const [SqsStore, SnsStore, S3Store, PersistenceManager] = await Promise.all([
    load('./sqs/sqsStore.js', 'SqsStore'),
    load('./sns/snsStore.js', 'SnsStore'),
    load('./s3/s3Store.js', 'S3Store'),
    load('./persistence.js', 'PersistenceManager'),
  ]);
  return { SqsStore, SnsStore, S3Store, PersistenceManager } as FauxqsInternals;
}

async function startSqs(port: number, persistenceDir: string | undefined): Promise<RunningEmulator> {
  const [{ buildApp }, fauxqs] = await Promise.all([import('fauxqs'), loadFauxqsInternals()]);
  const stores: FauxqsStores = {
    sqsStore: new fauxqs.SqsStore(),
    snsStore: new fauxqs.SnsStore(),
    s3Store: new fauxqs.S3Store(),
  };
  let persistence: FauxqsPersistence | undefined;
  if (persistenceDir) {
    persistence = new fauxqs.PersistenceManager(persistenceDir);
    // Load first, then attach: attaching first would write every loaded row back.
    persistence.load(stores.sqsStore, stores.snsStore, stores.s3Store);
    stores.sqsStore.persistence = persistence;
    stores.snsStore.persistence = persistence;
    stores.s3Store.persistence = persistence;
    for (const queue of stores.sqsStore.allQueues()) queue.persistence = persistence;
  }
  // No `host`: queue URLs then carry the address the client used (http://127.0.0.1:<port>/...).
  const app = buildApp({ logger: false, stores });
  if (persistence) {
    const database = persistence;
    app.addHook('onClose', async () => database.close());
  }
  try {
    await app.listen({ port, host: loopback });
  } catch (error) {
    await app.close();
    throw error;
  }
  return { endpoint: `http://${loopback}:${listeningPort(app.server)}`, stop: () => app.close() };
}

// ---------------------------------------------------------------------------------------------
// S3: s3rver. It checks SigV2 signatures and the expiry of presigned URLs but accepts any SigV4
// signature ("unimplemented" in its source), so a tampered presigned URL would still download.
// A check in front of it recomputes the signature of every SigV4 presigned request with the SDK's
// own S3 presigner and refuses those that do not match, as S3 does.

interface S3rverOptions {
  directory: string;
  silent: boolean;
  resetOnClose: boolean;
  allowMismatchedSignatures: boolean;
  vhostBuckets: boolean;
  configureBuckets: readonly unknown[];
}
interface S3rverInstance {
  /** The Koa request listener, for a server we create ourselves. */
  callback(): (request: IncomingMessage, response: ServerResponse) => void;
}

const requireCommonJs = createRequire(import.meta.url);

async function startS3(port: number, persistentDir: string | undefined): Promise<RunningEmulator> {
  const directory = persistentDir ?? (await mkdtemp(path.join(tmpdir(), 'opsdeck-s3-')));
  await mkdir(directory, { recursive: true });
  const removeTemporaryDirectory = (): Promise<void> =>
    persistentDir ? Promise.resolve() : rm(directory, { recursive: true, force: true });

  const S3rver = requireCommonJs('s3rver') as new (options: S3rverOptions) => S3rverInstance;
  const s3rver = new S3rver({
    directory,
    silent: true,
    resetOnClose: false,
    allowMismatchedSignatures: false,
    vhostBuckets: true,
    configureBuckets: [],
  });
  const handleWithS3rver = s3rver.callback();
  const server = createServer((request, response) => {
    checkPresignedSignature(request)
      .then((rejection) => {
        if (rejection) sendS3Error(response, rejection);
        else handleWithS3rver(hasAwsChunkedBody(request) ? withDecodedBody(request) : request, response);
      })
      .catch((error: unknown) =>
        sendS3Error(response, { status: 500, code: 'InternalError', message: errorMessage(error) }),
      );
  });
  try {
    await listen(server, port);
  } catch (error) {
    await removeTemporaryDirectory();
    throw error;
  }
  return {
    endpoint: `http://${loopback}:${listeningPort(server)}`,
    stop: async () => {
      await closeServer(server);
      await removeTemporaryDirectory();
    },
  };
}

interface S3Rejection {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const signatureMismatch: S3Rejection = {
  status: 403,
  code: 'SignatureDoesNotMatch',
  message:
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
};

/** Returns why a SigV4 presigned request must be refused, or undefined to let s3rver handle it. */
async function checkPresignedSignature(request: IncomingMessage): Promise<S3Rejection | undefined> {
  const [rawPath = '/', rawQuery = ''] = (request.url ?? '/').split('?', 2);
  const params = new URLSearchParams(rawQuery);
  if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return undefined;

  const signature = params.get('X-Amz-Signature');
  const credential = params.get('X-Amz-Credential');
  const amzDate = params.get('X-Amz-Date');
  const expires = params.get('X-Amz-Expires');
  const signedHeaders = params.get('X-Amz-SignedHeaders');
  if (!signature || !credential || !amzDate || !expires || !signedHeaders) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'Incomplete presigned URL.' };
  }
  const [accessKeyId, , region, service] = credential.split('/');
  if (accessKeyId !== localCredentials.accessKeyId || !region || !service) {
    // s3rver answers InvalidAccessKeyId for keys it does not know.
    return accessKeyId === localCredentials.accessKeyId ? signatureMismatch : undefined;
  }
  const signingDate = parseAmzDate(amzDate);
  const expiresIn = Number(expires);
  if (!signingDate || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
    return {
      status: 400,
      code: 'AuthorizationQueryParametersError',
      message: 'Malformed X-Amz-Date or X-Amz-Expires.',
    };
  }

  const query: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    if (name === 'X-Amz-Signature') continue;
    const previous = query[name];
    query[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    const value = request.headers[name];
    if (value === undefined) return signatureMismatch;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const host = headers.host ?? request.headers.host ?? '';
  const [hostname = host, portText] = host.split(':');

  const presigner = new S3RequestPresigner({
    credentials: localCredentials,
    region,
    service,
    sha256: NodeSha256,
  });
  const expected = await presigner.presign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname,
      port: portText ? Number(portText) : undefined,
      path: rawPath,
      query,
      headers,
    },
    { signingDate, expiresIn, signingRegion: region, signingService: service },
  );
  const expectedSignature = expected.query?.['X-Amz-Signature'];
  if (typeof expectedSignature !== 'string' || !sameText(expectedSignature, signature))
    return signatureMismatch;
  if (Date.now() > signingDate.getTime() + expiresIn * 1000) {
    return { status: 403, code: 'AccessDenied', message: 'Request has expired' };
  }
  return undefined;
}

function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function sendS3Error(response: ServerResponse, rejection: S3Rejection): void {
  const escape = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  response.writeHead(rejection.status, { 'content-type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${rejection.code}</Code>` +
      `<Message>${escape(rejection.message)}</Message></Error>`,
  );
}

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the SDK's signer expects. */
class NodeSha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.create();
  }

  update(data: string | Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string'
        ? this.secret
        : ArrayBuffer.isView(this.secret)
          ? new Uint8Array(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
          : new Uint8Array(this.secret);
    return createHmac('sha256', key);
  }
}

/*
 * Current SDKs upload streams with `Content-Encoding: aws-chunked` (chunk framing plus a trailing
 * checksum) and s3rver, older than that, would store the framing as the object's bytes. S3 decodes
 * it, so we do too, before s3rver sees the body. Chunk signatures and trailing checksums are not
 * verified.
 */
function hasAwsChunkedBody(request: IncomingMessage): boolean {
  const payload = String(request.headers['x-amz-content-sha256'] ?? '');
  const encoding = request.headers['content-encoding'] ?? '';
  return (
    payload.startsWith('STREAMING-') || encoding.split(',').some((token) => token.trim() === 'aws-chunked')
  );
}

/** The request as s3rver should see it: decoded body, plain headers. */
function withDecodedBody(request: IncomingMessage): IncomingMessage {
  const headers = { ...request.headers };
  const decodedLength = headers['x-amz-decoded-content-length'];
  if (typeof decodedLength === 'string') headers['content-length'] = decodedLength;
  else delete headers['content-length'];
  const encoding = (headers['content-encoding'] ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '' && token !== 'aws-chunked');
  if (encoding.length > 0) headers['content-encoding'] = encoding.join(', ');
  else delete headers['content-encoding'];
  headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  delete headers['x-amz-decoded-content-length'];
  delete headers['x-amz-trailer'];

  const body = request.pipe(new AwsChunkedDecoder());
  request.once('error', (error) => body.destroy(error));
  // Koa reads only these from the request; the stream itself is the decoded body.
  return Object.assign(body, {
    headers,
    method: request.method,
    url: request.url,
    socket: request.socket,
    connection: request.socket,
    httpVersion: request.httpVersion,
    httpVersionMajor: request.httpVersionMajor,
    httpVersionMinor: request.httpVersionMinor,
  }) as unknown as IncomingMessage;
}

/** Strips aws-chunked framing: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n<trailers>\r\n`. */
class AwsChunkedDecoder extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private state: 'size' | 'data' | 'data-end' | 'trailers' | 'done' = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.decode();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    const complete = this.state === 'done' || (this.state === 'trailers' && this.pending.length === 0);
    callback(complete ? undefined : new Error('aws-chunked body ended in the middle of a chunk'));
  }

  private decode(): void {
    for (;;) {
      if (this.state === 'done') {
        this.pending = Buffer.alloc(0);
        return;
      }
      if (this.state === 'data') {
        if (this.pending.length === 0) return;
        const take = Math.min(this.remaining, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const lineEnd = this.pending.indexOf('\r\n');
      if (lineEnd === -1) {
        if (this.pending.length > 64 * 1024) throw new Error('aws-chunked line too long');
        return;
      }
      const line = this.pending.subarray(0, lineEnd).toString('latin1');
      this.pending = this.pending.subarray(lineEnd + 2);
      if (this.state === 'size') {
        const size = Number.parseInt(line.split(';', 1)[0] ?? '', 16);
        if (!Number.isInteger(size) || size < 0) throw new Error(`Malformed aws-chunked size line "${line}"`);
        this.remaining = size;
        this.state = size === 0 ? 'trailers' : 'data';
      } else if (this.state === 'data-end') {
        if (line !== '') throw new Error('aws-chunked chunk longer than its declared size');
        this.state = 'size';
      } else if (line === '') {
        // The trailers (x-amz-checksum-*) end with an empty line.
        this.state = 'done';
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// SES v2: aws-ses-v2-local keeps sent mail in memory (GET /store lists it). Its store is module
// state shared by every instance in this process, so each start empties it.

async function startSes(port: number): Promise<RunningEmulator> {
  const sesLocal = requireCommonJs('aws-ses-v2-local') as typeof SesLocalModule;
  const server = await sesLocal.default({ host: loopback, port });
  if (!server.listening) {
    await closeServer(server);
    throw new Error(`aws-ses-v2-local could not listen on ${loopback}:${port}`);
  }
  const endpoint = `http://${loopback}:${listeningPort(server)}`;
  try {
    const cleared = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
    if (!cleared.ok) throw new Error(`aws-ses-v2-local did not clear its store (${cleared.status})`);
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return { endpoint, stop: () => closeServer(server) };
}

// ---------------------------------------------------------------------------------------------

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, loopback, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
}

function listeningPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('Server is not listening on a TCP port');
  return address.port;
}

async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive and long-polling connections would otherwise hold close() open.
    server.closeAllConnections();
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
