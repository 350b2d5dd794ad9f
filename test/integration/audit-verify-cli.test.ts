import { spawn } from 'node:child_process';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { adminKey, baseUrl, createKey, createTenant, dynamo, stack } from './support/api';
import { repositoryRoot } from './support/local-stack-process';

function runAuditVerify(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, OPSDECK_API_KEY: adminKey },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run audit:verify', () => {
  it('reports an intact chain and exits 0', async () => {
    const tenant = await createTenant();
    await createKey(tenant, 'viewer');
    const result = await runAuditVerify(['--url', baseUrl, '--tenant', tenant]);
    expect(result.output).toContain(`ok      ${tenant}: 2 records`);
    expect(result.code).toBe(0);
  });

  it('names the first broken link and exits 1', async () => {
    const tenant = await createTenant();
    await createKey(tenant, 'viewer');
    await dynamo.send(
      new DeleteCommand({
        TableName: stack.tables.audit,
        Key: { pk: `TENANT#${tenant}`, sk: 'SEQ#000000000001' },
      }),
    );
    const result = await runAuditVerify(['--url', baseUrl, '--tenant', tenant]);
    expect(result.output).toContain(`BROKEN  ${tenant}: first broken link at record 1`);
    expect(result.code).toBe(1);
  });
});
