/**
 * `npm test`: every tier in turn — static checks, unit, console components, infrastructure,
 * integration against a local stack of its own, and end-to-end in Chromium. All tiers run even
 * when one fails, and the summary names each outcome; the exit code is non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';

const tiers = [
  'lint',
  'typecheck',
  'test:unit',
  'test:console',
  'test:infra',
  'test:integration',
  'test:e2e',
];
const results: { tier: string; ok: boolean; seconds: number }[] = [];

for (const tier of tiers) {
  const startedAt = Date.now();
  console.log(`\n=== npm run ${tier} ===`);
  const run = spawnSync('npm', ['run', '--silent', tier], { stdio: 'inherit' });
  results.push({ tier, ok: run.status === 0, seconds: (Date.now() - startedAt) / 1000 });
}

console.log('\n=== summary ===');
for (const result of results) {
  console.log(`${result.ok ? 'pass' : 'FAIL'}  ${result.tier.padEnd(18)} ${result.seconds.toFixed(1)} s`);
}
process.exit(results.every((result) => result.ok) ? 0 : 1);
