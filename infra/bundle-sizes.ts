/**
 * Prints the size of every Lambda bundle in a cloud assembly, largest first, after `cdk synth`:
 *
 *   npx cdk synth --no-notices --quiet && node_modules/.bin/tsx infra/bundle-sizes.ts [cdk.out]
 *
 * "bundle" is the minified handler esbuild wrote (what Lambda loads at cold start), "gzip" roughly
 * what it weighs inside the deployment zip, and "map" the source map shipped beside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: { readonly FunctionName?: unknown; readonly Runtime?: unknown };
  readonly Metadata?: Record<string, unknown>;
}

interface BundleSize {
  readonly stack: string;
  readonly name: string;
  readonly runtime: string;
  readonly bundleBytes: number;
  readonly gzipBytes: number;
  readonly mapBytes: number;
}

const kilobytes = (bytes: number): string => (bytes / 1024).toFixed(1);

/** Total size of the files directly and indirectly under a directory, split into code and source maps. */
function measureAsset(directory: string): { code: Buffer[]; mapBytes: number } {
  const code: Buffer[] = [];
  let mapBytes = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (entry.name.endsWith('.map')) mapBytes += fs.statSync(file).size;
    else code.push(fs.readFileSync(file));
  }
  return { code, mapBytes };
}

function collectBundleSizes(assemblyDirectory: string): BundleSize[] {
  const templates = fs.readdirSync(assemblyDirectory).filter((file) => file.endsWith('.template.json'));
  if (templates.length === 0)
    throw new Error(`No *.template.json in ${assemblyDirectory}: run \`npx cdk synth\` first`);
  const sizes: BundleSize[] = [];
  for (const templateFile of templates) {
    const template = JSON.parse(fs.readFileSync(path.join(assemblyDirectory, templateFile), 'utf8')) as {
      Resources?: Record<string, TemplateResource>;
    };
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      const assetPath = resource.Metadata?.['aws:asset:path'];
      if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string') continue;
      const assetDirectory = path.join(assemblyDirectory, assetPath);
      if (!fs.statSync(assetDirectory, { throwIfNoEntry: false })?.isDirectory()) continue;
      const { code, mapBytes } = measureAsset(assetDirectory);
      const joined = Buffer.concat(code);
      sizes.push({
        stack: templateFile.replace(/\.template\.json$/, ''),
        name:
          typeof resource.Properties?.FunctionName === 'string'
            ? resource.Properties.FunctionName
            : logicalId,
        runtime: String(resource.Properties?.Runtime ?? ''),
        bundleBytes: joined.length,
        gzipBytes: gzipSync(joined).length,
        mapBytes,
      });
    }
  }
  return sizes.sort((a, b) => b.bundleBytes - a.bundleBytes);
}

function printBundleSizes(sizes: BundleSize[]): void {
  const nameWidth = Math.max(8, ...sizes.map((size) => size.name.length));
  console.log(
    `${'function'.padEnd(nameWidth)}  ${'bundle KB'.padStart(9)}  ${'gzip KB'.padStart(8)}  ${'map KB'.padStart(8)}  runtime`,
  );
  for (const size of sizes) {
    console.log(
      `${size.name.padEnd(nameWidth)}  ${kilobytes(size.bundleBytes).padStart(9)}  ${kilobytes(size.gzipBytes).padStart(8)}  ${kilobytes(size.mapBytes).padStart(8)}  ${size.runtime}`,
    );
  }
  const total = sizes.reduce((sum, size) => sum + size.bundleBytes, 0);
  console.log(`${sizes.length} functions, ${kilobytes(total)} KB of bundled code in total`);
}

printBundleSizes(collectBundleSizes(path.resolve(process.argv[2] ?? 'cdk.out')));
