import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The areas under shared/ depend on each other in one direction only (docs/architecture.md,
 * "Dependencies point one way"): this reads every import between areas and fails on any cycle,
 * naming the files that close it.
 */

const shared = path.resolve(import.meta.dirname, '../../shared');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const areaOf = (file: string): string => path.relative(shared, file).split(path.sep)[0]!;

/** area → area → the first import that makes the edge, as `file → specifier`. */
function areaGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(shared)) {
    const from = areaOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      if (!target.startsWith(shared + path.sep)) continue;
      const to = areaOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, `${path.relative(shared, file)} → ${match[1]}`);
    }
  }
  return graph;
}

/** Every cycle's areas, found by depth-first search from each area. */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (area: string) => {
    state.set(area, 'open');
    trail.push(area);
    for (const next of graph.get(area)?.keys() ?? []) {
      if (state.get(next) === 'open') found.push([...trail.slice(trail.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    trail.pop();
    state.set(area, 'done');
  };
  for (const area of graph.keys()) if (!state.has(area)) visit(area);
  return found;
}

describe('shared/ areas', () => {
  it('import each other in one direction only', () => {
    const graph = areaGraph();
    const explained = cycles(graph).map((cycle) =>
      cycle
        .slice(1)
        .map((to, index) => graph.get(cycle[index]!)!.get(to)!)
        .join('; '),
    );
    expect(explained).toEqual([]);
  });

  it('sees the imports it checks (the graph is not empty)', () => {
    const graph = areaGraph();
    expect(graph.get('dlq')?.has('audit-trail')).toBe(true);
  });

  it('keeps the *-vocabulary modules (the console imports their values) free of dependencies', () => {
    // Only other vocabulary modules: no zod, no AWS SDK, no Node built-ins in the console's bundle.
    const vocabularies = sourceFiles(shared).filter((file) => file.endsWith('-vocabulary.ts'));
    expect(vocabularies.length).toBeGreaterThanOrEqual(6);
    const offending = vocabularies.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)]
        .map((match) => match[1]!)
        .filter((specifier) => !/^\.{1,2}\/.*-vocabulary$/.test(specifier))
        .map((specifier) => `${path.relative(shared, file)} imports ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
