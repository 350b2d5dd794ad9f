/**
 * AWS's own DynamoDB Local, run as a Java child process. The jar is not on npm under its own name;
 * the `amplify-dynamodb-simulator` package carries an unmodified copy, so we `npm pack` that one
 * version (through the same registry and client as every other dependency), check it against a
 * pinned integrity, and unpack only the jar, its libraries and its licence into `.cache/`.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const execFileAsync = promisify(execFile);

const SIMULATOR_PACKAGE = 'amplify-dynamodb-simulator';
const SIMULATOR_VERSION = '2.9.30';
/** The registry's integrity for the tarball above; a different file is refused, not run. */
const SIMULATOR_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const JAVA_INSTALL_HINT =
  'DynamoDB Local needs a Java runtime (17 or newer) on the PATH. On Debian/Ubuntu: ' +
  '`apt-get install -y openjdk-17-jre-headless`; on macOS: `brew install openjdk@17`.';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the unpacked emulator lives; `.cache/` is git-ignored. */
export const dynamoDbLocalCacheDir = path.join(repositoryRoot, '.cache', 'dynamodb-local');

/** Raised when `java` cannot be run; the message says how to install it. */
export class JavaNotFoundError extends Error {
  override name = 'JavaNotFoundError';
}

/** Raised when DynamoDB Local exits or stays silent while starting; carries its output. */
export class DynamoDbLocalStartError extends Error {
  override name = 'DynamoDbLocalStartError';
  constructor(
    message: string,
    /** True when the port was taken, so a caller that chose the port may try another. */
    readonly addressInUse: boolean,
  ) {
    super(message);
  }
}

export interface DynamoDbLocalFiles {
  readonly jarPath: string;
  /** Directory holding the dependency jars and the native sqlite4java libraries. */
  readonly libraryPath: string;
}

export interface DynamoDbLocalOptions {
  /** A concrete port: DynamoDB Local cannot be asked to pick one and report it. */
  readonly port: number;
  /** In memory when false; otherwise one shared database file under `dbPath`. */
  readonly persistent: boolean;
  /** Directory of the database file when persistent (created if missing). */
  readonly dbPath?: string;
  readonly log?: (line: string) => void;
  readonly startTimeoutMs?: number;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Terminates the Java process group and resolves once the process has exited. */
  stop(): Promise<void>;
}

/** Throws JavaNotFoundError unless `java -version` runs; returns its first line. */
export async function checkJava(): Promise<string> {
  try {
    // `java -version` writes to stderr, by long tradition.
    const { stdout, stderr } = await execFileAsync('java', ['-version'], { timeout: 30_000 });
    return (stderr || stdout).split('\n')[0]?.trim() ?? 'java';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new JavaNotFoundError(`${JAVA_INSTALL_HINT} (running \`java -version\` failed: ${reason})`);
  }
}

/**
 * Makes sure the DynamoDB Local jar is unpacked under `.cache/dynamodb-local/`, fetching it with
 * `npm pack` the first time. Safe to call from several processes at once: each unpacks into its
 * own directory and the first atomic rename wins.
 */
export async function ensureDynamoDbLocalFiles(
  log: (line: string) => void = () => {},
): Promise<DynamoDbLocalFiles> {
  const installDir = path.join(dynamoDbLocalCacheDir, `${SIMULATOR_PACKAGE}-${SIMULATOR_VERSION}`);
  const files: DynamoDbLocalFiles = {
    jarPath: path.join(installDir, 'DynamoDBLocal.jar'),
    libraryPath: path.join(installDir, 'DynamoDBLocal_lib'),
  };
  if (existsSync(files.jarPath) && existsSync(files.libraryPath)) return files;

  const workDir = path.join(
    dynamoDbLocalCacheDir,
    `.download-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(workDir, { recursive: true });
  try {
    log(`fetching DynamoDB Local (npm pack ${SIMULATOR_PACKAGE}@${SIMULATOR_VERSION}, about 57 MB)`);
    const tarball = await packSimulator(workDir);
    await verifyIntegrity(tarball, SIMULATOR_INTEGRITY);

    const unpackDir = path.join(workDir, 'unpacked');
    await mkdir(unpackDir);
    // --strip-components=2 drops `package/emulator/`, leaving the jar and its lib directory.
    await execFileAsync(
      'tar',
      [
        '-xzf',
        tarball,
        '-C',
        unpackDir,
        '--strip-components=2',
        'package/emulator/DynamoDBLocal.jar',
        'package/emulator/DynamoDBLocal_lib',
        'package/emulator/LICENSE.txt',
      ],
      { timeout: 120_000 },
    );
    await writeFile(
      path.join(unpackDir, 'SOURCE.txt'),
      `Unpacked from ${SIMULATOR_PACKAGE}@${SIMULATOR_VERSION} (${SIMULATOR_INTEGRITY}) by infra/local/dynamodb-local.ts.\n`,
    );
    try {
      await rename(unpackDir, installDir);
    } catch (error) {
      // Another process finished first; its copy is identical.
      if (!isErrnoException(error) || !['ENOTEMPTY', 'EEXIST'].includes(error.code ?? '')) throw error;
    }
    log(`DynamoDB Local unpacked into ${path.relative(repositoryRoot, installDir)}`);
    return files;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function packSimulator(workDir: string): Promise<string> {
  const spec = `${SIMULATOR_PACKAGE}@${SIMULATOR_VERSION}`;
  try {
    await execFileAsync('npm', ['pack', spec, '--pack-destination', workDir, '--silent'], {
      cwd: workDir,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not fetch DynamoDB Local with \`npm pack ${spec}\`: ${reason}`, { cause: error });
  }
  const tarball = (await readdir(workDir)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`\`npm pack ${spec}\` produced no tarball in ${workDir}`);
  return path.join(workDir, tarball);
}

async function verifyIntegrity(file: string, integrity: string): Promise<void> {
  const [algorithm, expected] = integrity.split('-', 2) as [string, string];
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('base64');
  if (actual !== expected) {
    throw new Error(
      `${path.basename(file)} does not match the pinned integrity (${integrity}, got ${algorithm}-${actual}); refusing to run it`,
    );
  }
}

/**
 * Starts DynamoDB Local on `port` and resolves once it answers ListTables. The Java process gets
 * its own process group so that `stop()` can end it as a whole; if this process exits without
 * calling stop() (an uncaught error, process.exit), an exit hook kills the group. Only SIGKILL of
 * this process leaves it running. Its start-up banner is kept out of the log; a failed start
 * carries its last lines of output in the error.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const log = (line: string): void => options.log?.(`dynamodb: ${line}`);
  const [files] = await Promise.all([
    ensureDynamoDbLocalFiles(log),
    checkJava(),
    assertPortFree(options.port),
  ]);

  const storage = ['-sharedDb'];
  if (options.persistent) {
    if (!options.dbPath) throw new Error('startDynamoDbLocal: a persistent DynamoDB Local needs dbPath');
    await mkdir(options.dbPath, { recursive: true });
    // Absolute: Java runs in the jar's directory, not in ours.
    storage.push('-dbPath', path.resolve(options.dbPath));
  } else {
    // -sharedDb here too: without it DynamoDB Local keeps one database per access key and region.
    storage.push('-inMemory');
  }
  const args = [
    // C1 only: on a busy 2-core machine this halved both start-up (10 s to 5 s) and the time of
    // 3,000 requests (18 s to 11 s); C2's compile work never pays off in an emulator's lifetime.
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${files.libraryPath}`,
    '-jar',
    files.jarPath,
    '-port',
    String(options.port),
    ...storage,
    // Since 1.24 it reports usage to AWS unless told not to; a local stack stays local.
    '-disableTelemetry',
  ];

  const child = spawn('java', args, {
    // It writes dynamodb-local-metadata.json into its working directory: keep that in the cache.
    cwd: path.dirname(files.jarPath),
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ready = false;
  const output = captureOutput(child, (line) => ready && log(line));
  let stopping: Promise<void> | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (!stopping) log(`DynamoDB Local exited unexpectedly (${code ?? signal})`);
      resolve();
    });
    // A process that never started emits 'error' and no 'exit'.
    child.once('error', () => child.pid === undefined && resolve());
  });
  // Last resort when this process ends without calling stop(): a detached child would outlive it.
  const killOnExit = (): void => killProcessGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        killProcessGroup(child, 'SIGTERM');
        const forceKill = setTimeout(() => killProcessGroup(child, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(forceKill);
      }
      await exited;
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    await waitUntilAnswering(endpoint, child, output, options.startTimeoutMs ?? 60_000);
    ready = true;
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error('DynamoDB Local has no process id');
  return { endpoint, port: options.port, pid: child.pid, stop };
}

interface CapturedOutput {
  tail(): string;
  /** Aborted when the output shows a failure the JVM survives (it stays up after a failed bind). */
  readonly fatal: AbortSignal;
}

const FATAL_OUTPUT = /Exception in thread "main"|Failed to bind|BindException/;

/** Forwards the child's lines to the log and keeps the last few for error messages. */
function captureOutput(child: ChildProcess, forward: (line: string) => void): CapturedOutput {
  const lines: string[] = [];
  const fatal = new AbortController();
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim() === '') continue;
      forward(line);
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (FATAL_OUTPUT.test(line)) fatal.abort();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return { tail: () => lines.join('\n'), fatal: fatal.signal };
}

/** Fails fast when something already listens on the port DynamoDB Local would bind (0.0.0.0). */
async function assertPortFree(port: number): Promise<void> {
  const server = createNetServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve());
    });
  } catch (error) {
    const inUse = isErrnoException(error) && error.code === 'EADDRINUSE';
    throw new DynamoDbLocalStartError(
      inUse ? `Port ${port} is already in use` : `Cannot listen on port ${port}: ${String(error)}`,
      inUse,
    );
  } finally {
    await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  }
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  output: CapturedOutput,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const failed = new AbortController();
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
    failed.abort();
  });
  child.once('exit', () => failed.abort());
  const stopWaiting = AbortSignal.any([failed.signal, output.fatal, AbortSignal.timeout(timeoutMs)]);
  try {
    for (;;) {
      if (stopWaiting.aborted) throw startFailure(endpoint, child, output, timeoutMs, spawnError);
      try {
        // The first request after boot is slow (the JVM is still warming up), so allow it time.
        const attempt = AbortSignal.any([stopWaiting, AbortSignal.timeout(10_000)]);
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: attempt });
        return;
      } catch {
        // Not listening yet.
      }
      await delay(100);
    }
  } finally {
    client.destroy();
  }
}

function startFailure(
  endpoint: string,
  child: ChildProcess,
  output: CapturedOutput,
  timeoutMs: number,
  spawnError: Error | undefined,
): DynamoDbLocalStartError {
  const tail = output.tail();
  const addressInUse = /BindException|Address already in use|Failed to bind/i.test(tail);
  if (spawnError) return new DynamoDbLocalStartError(`Could not start java: ${spawnError.message}`, false);
  if (child.exitCode !== null || child.signalCode !== null) {
    return new DynamoDbLocalStartError(
      `DynamoDB Local exited (${child.exitCode ?? child.signalCode}) while starting:\n${tail}`,
      addressInUse,
    );
  }
  if (output.fatal.aborted)
    return new DynamoDbLocalStartError(`DynamoDB Local failed to start:\n${tail}`, addressInUse);
  return new DynamoDbLocalStartError(
    `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${tail}`,
    false,
  );
}

function killProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
