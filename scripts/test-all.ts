/**
 * `npm test`: every tier in turn — static checks, unit, console components, infrastructure,
 * integration against a local stack of its own, and end-to-end in Chromium. All tiers run even
 * when one fails, and the summary names each outcome; the exit code is non-zero on any failure.
 * A failed tier's failing tests and first error lines are repeated under the summary, so the tail
 * of a long log (all a CI report may keep) still says what failed.
 */
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const tiers = [
  'lint',
  'typecheck',
  'test:unit',
  'test:console',
  'test:infra',
  'test:integration',
  'test:e2e',
];
const results: { tier: string; ok: boolean; seconds: number; failures: string[] }[] = [];

/** Lines worth repeating from a failed tier's output: failing tests, assertion and error lines. */
export function failureLines(output: string, limit = 30): string[] {
  const lines = stripVTControlCharacters(output).split('\n');
  const wanted = lines
    .map((line) => line.trimEnd())
    .filter((line) =>
      /^\s*(FAIL\b|×|✗|❯ .*\(\d+ tests? \| \d+ failed)|AssertionError|^\s*(Error|TypeError|ReferenceError)\b|error TS\d+|^\s*\d+:\d+\s+error\b|Test timed out|^\/\S+\.(ts|tsx|mjs|js)$|^\[warn\] \S/.test(
        line,
      ),
    );
  const unique = [...new Set(wanted)];
  return unique.length > limit ? [...unique.slice(0, limit), `… ${unique.length - limit} more`] : unique;
}

function runTier(tier: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', tier], { stdio: ['inherit', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      chunks.push(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      chunks.push(chunk.toString('utf8'));
    });
    child.on('close', (code) => resolve({ ok: code === 0, output: chunks.join('') }));
  });
}

for (const tier of tiers) {
  const startedAt = Date.now();
  console.log(`\n=== npm run ${tier} ===`);
  const run = await runTier(tier);
  results.push({
    tier,
    ok: run.ok,
    seconds: (Date.now() - startedAt) / 1000,
    failures: run.ok ? [] : failureLines(run.output),
  });
}

console.log('\n=== summary ===');
for (const result of results) {
  console.log(`${result.ok ? 'pass' : 'FAIL'}  ${result.tier.padEnd(18)} ${result.seconds.toFixed(1)} s`);
}
for (const result of results.filter((entry) => !entry.ok)) {
  console.log(`\n--- what failed in ${result.tier} ---`);
  for (const line of result.failures) console.log(line);
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
