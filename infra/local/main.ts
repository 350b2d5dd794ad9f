/**
 * `npm start`: the whole of Opsdeck on one machine. Settings are environment variables
 * (see README.md); `--reset` starts from an empty data directory.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildConsole, consoleNeedsBuild } from './console-build';
import { repositoryRoot } from './handler-loader';
import { PortInUseError, startLocalStack } from './stack';

const { values } = parseArgs({ options: { reset: { type: 'boolean', default: false } }, strict: true });

const port = Number(process.env.OPSDECK_PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`OPSDECK_PORT must be a port number, got "${process.env.OPSDECK_PORT}"`);
  process.exit(2);
}
const dataDir = path.resolve(repositoryRoot, process.env.OPSDECK_DATA_DIR ?? 'var');
const quiet = process.env.OPSDECK_LOG_LEVEL === 'quiet';
const log = (line: string) => {
  if (!quiet) console.error(`[opsdeck] ${line}`);
};
// Handler logs are JSON lines on stdout, as in Lambda; keep them to warnings unless asked.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const startedAt = Date.now();
try {
  if (process.env.OPSDECK_SKIP_CONSOLE_BUILD !== '1' && (await consoleNeedsBuild())) {
    log('building the console…');
    await buildConsole();
  }
  const stack = await startLocalStack({
    port,
    dataDir,
    reset: values.reset,
    persistent: true,
    adminKey: process.env.OPSDECK_ADMIN_KEY,
    demo: process.env.OPSDECK_DEMO !== 'off',
    fleet:
      process.env.OPSDECK_FLEET === 'off' || process.env.OPSDECK_DEMO === 'off'
        ? null
        : {
            basePort: Number(process.env.OPSDECK_FLEET_BASE_PORT ?? 9001),
            controlPort: Number(process.env.OPSDECK_FLEET_CONTROL_PORT ?? 9000),
          },
    log,
  });
  const d = stack.description;
  const keyLine = stack.generatedAdminKey
    ? `  super-admin key  ${stack.generatedAdminKey}\n                   (shown once — keep it; it is stored only as a hash)`
    : stack.bootstrapped
      ? '  super-admin key  the value of OPSDECK_ADMIN_KEY'
      : '  super-admin key  created on first start (not shown again; `npm start -- --reset` starts over)';
  console.log(
    [
      '',
      `Opsdeck is running (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
      `  console          ${d.console}`,
      `  API              ${d.api}`,
      `  OpenAPI          ${d.openapi}`,
      `  DynamoDB Local   ${d.endpoints.dynamodb}`,
      `  SQS (fauxqs)     ${d.endpoints.sqs}`,
      `  S3 (s3rver)      ${d.endpoints.s3}`,
      `  SES v2           ${d.endpoints.ses}  (sent mail: ${d.endpoints.ses_store})`,
      `  webhook receiver ${d.webhook_receiver.hook_url}  (received: ${d.webhook_receiver.received}; secret in stack.json)`,
      ...(d.fleet
        ? [
            `  fleet            ${d.fleet.workers.map((w) => `${w.worker_type} ${new URL(w.base_url).port}`).join(', ')}`,
            `  fleet control    ${d.fleet.control}/instances  (fault injection, see docs/fleet.md)`,
          ]
        : ['  fleet            off']),
      `  schedules        ${d.schedules.map((s) => `${s.function} ${s.expression}`).join(', ') || 'none'}`,
      `  data             ${d.data_dir}  (endpoints in stack.json)`,
      keyLine,
      ...(stack.demo?.created
        ? [
            '  demo keys        (also in demo-keys.json in the data directory)',
            `    acme admin     ${stack.demo.keys.acme_admin}`,
            `    acme operator  ${stack.demo.keys.acme_operator}`,
            `    acme viewer    ${stack.demo.keys.acme_viewer}`,
            `    globex admin   ${stack.demo.keys.globex_admin}`,
          ]
        : stack.demo
          ? ['  demo keys        in demo-keys.json in the data directory']
          : []),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    stack
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof PortInUseError) {
    console.error(`opsdeck: ${error.message}`);
    process.exit(1);
  }
  console.error(`opsdeck: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
