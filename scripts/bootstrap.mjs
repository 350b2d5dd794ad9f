/**
 * Runs a TypeScript entry point on the project's own Node (node@24 under node_modules/.bin) after
 * making sure dependencies are installed, so that a fresh clone needs only `npm start`.
 *
 *   node scripts/bootstrap.mjs infra/local/main.ts --reset
 *
 * Plain JavaScript without dependencies: it must run on the machine's Node 20 before anything is
 * installed. It prints nothing when the dependencies are already fresh.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = path.join(root, 'node_modules');
const lockfile = path.join(root, 'package-lock.json');
/** npm writes this copy of the lockfile on every install: its age is the age of node_modules. */
const installedLockfile = path.join(nodeModules, '.package-lock.json');
const windows = process.platform === 'win32';

const [entry, ...entryArguments] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/bootstrap.mjs <entry.ts> [arguments...]');
  process.exit(2);
}

if (dependenciesAreStale()) installDependencies();
runEntry(entry, entryArguments);

function dependenciesAreStale() {
  if (!existsSync(nodeModules) || !existsSync(installedLockfile)) return true;
  if (!existsSync(lockfile)) return false;
  return statSync(lockfile).mtimeMs > statSync(installedLockfile).mtimeMs;
}

function installDependencies() {
  const npm = windows ? 'npm.cmd' : 'npm';
  // npm's output goes to stderr so that the entry's stdout stays its own.
  const runNpm = (command) =>
    spawnSync(npm, [command], { cwd: root, stdio: ['ignore', 2, 2], shell: windows }).status === 0;

  console.error('bootstrap: dependencies are missing or older than package-lock.json; running npm ci');
  if (!runNpm('ci')) {
    console.error('bootstrap: npm ci failed; trying npm install');
    if (!runNpm('install')) {
      console.error('bootstrap: npm install failed; see the output above');
      process.exit(1);
    }
  }
  // `npm install` may rewrite package-lock.json after its own copy; without this the next run
  // would find the lockfile newer again and reinstall.
  if (existsSync(installedLockfile)) {
    const now = new Date();
    utimesSync(installedLockfile, now, now);
  }
}

function runEntry(entryPath, entryArgs) {
  const projectNode = path.join(nodeModules, '.bin', windows ? 'node.cmd' : 'node');
  let tsxLoader;
  try {
    tsxLoader = pathToFileURL(createRequire(path.join(root, 'package.json')).resolve('tsx')).href;
  } catch {
    console.error('bootstrap: tsx is not installed; run `npm ci` in ' + root);
    process.exit(1);
  }
  if (!existsSync(projectNode)) {
    console.error(`bootstrap: ${projectNode} is missing; falling back to ${process.execPath}`);
  }
  const node = existsSync(projectNode) ? projectNode : process.execPath;

  const child = spawn(node, ['--import', tsxLoader, entryPath, ...entryArgs], {
    stdio: 'inherit',
    // As under `npm run`: tools that the entry starts find the project's binaries (and Node) first.
    env: {
      ...process.env,
      PATH: `${path.join(nodeModules, '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    },
  });

  const forwardedSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of forwardedSignals) process.on(signal, forward);

  child.once('error', (error) => {
    console.error(`bootstrap: could not start ${node}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, so that whoever started us sees what happened to the entry.
      for (const name of forwardedSignals) process.removeListener(name, forward);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}
