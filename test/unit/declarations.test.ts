import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeDocumentation } from '../../shared/openapi/api-document';
import {
  functionAreas,
  functions,
  physicalName,
  queueEnvName,
  rateToMilliseconds,
  tableEnvName,
} from '../../shared/resources/declarations';

const root = path.resolve(import.meta.dirname, '../..');

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('resource declarations', () => {
  it('assembles the functions from the areas, each function in exactly one area', () => {
    // Each area is a nested stack of its own in CDK; a name in two areas would silently collapse.
    const names = Object.values(functionAreas).flatMap((area) => Object.keys(area));
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(functions).sort());
  });

  it('points every function at an entry file that exports a handler', () => {
    for (const declaration of Object.values(functions)) {
      const file = path.join(root, declaration.entry);
      expect(existsSync(file), declaration.entry).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/export const handler\b/);
    }
  });

  it('documents every declared route in the OpenAPI document, and nothing else', () => {
    const declared = Object.values(functions).flatMap((declaration) =>
      ('routes' in declaration ? declaration.routes : []).map((route) => `${route.method} ${route.path}`),
    );
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(routeDocumentation).sort()).toEqual([...declared].sort());
  });

  it('keeps functions/ independent of each other (only shared/ imports)', () => {
    for (const file of filesUnder(path.join(root, 'functions'))) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
      for (const specifier of imports.filter((s) => s.startsWith('.'))) {
        const target = path.relative(root, path.resolve(path.dirname(file), specifier));
        expect(
          target.startsWith(`shared${path.sep}`),
          `${path.relative(root, file)} imports ${specifier}`,
        ).toBe(true);
      }
    }
  });

  it('names resources and their environment variables predictably', () => {
    expect(physicalName('prod', 'config')).toBe('opsdeck-prod-config');
    expect(tableEnvName('config')).toBe('OPSDECK_TABLE_CONFIG');
    expect(queueEnvName('ingest')).toBe('OPSDECK_QUEUE_INGEST_URL');
  });

  it('reads rate expressions and refuses anything else', () => {
    expect(rateToMilliseconds('rate(1 minute)')).toBe(60_000);
    expect(rateToMilliseconds('rate(5 minutes)')).toBe(300_000);
    expect(rateToMilliseconds('rate(1 hour)')).toBe(3_600_000);
    expect(rateToMilliseconds('rate(10 seconds)')).toBe(10_000);
    expect(() => rateToMilliseconds('cron(0 * * * ? *)')).toThrow(/Unsupported/);
  });
});
