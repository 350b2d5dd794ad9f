import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { repositoryRoot } from './handler-loader';

const frontendDir = path.join(repositoryRoot, 'frontend');
export const consoleDistDir = path.join(frontendDir, 'dist');

async function newestModification(directory: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(directory, entry.name);
    const time = entry.isDirectory() ? await newestModification(full) : (await stat(full)).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** True when frontend/dist is missing or older than any console source file. */
export async function consoleNeedsBuild(): Promise<boolean> {
  const built = await stat(path.join(consoleDistDir, 'index.html')).catch(() => null);
  if (!built) return true;
  return (await newestModification(frontendDir)) > built.mtimeMs;
}

/** Builds the console with Vite (the same build CI and CDK deploy use). */
export function buildConsole(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'frontend/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      { cwd: repositoryRoot, stdio: 'inherit' },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`console build failed (exit ${code})`)),
    );
  });
}
