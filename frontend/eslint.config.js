import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const sourceRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src');

/**
 * Which layer a source file belongs to: `app`, `feature:<name>`, `testing`, or `shared`
 * (lib, components, config, types, styles).
 */
function layerOf(file) {
  const [top, second] = path.relative(sourceRoot, file).split(path.sep);
  // The entry point wires the app together, so it sits in the app layer.
  if (top === 'app' || top === 'main.tsx') return 'app';
  if (top === 'features' && second) return `feature:${second}`;
  if (top === 'testing') return 'testing';
  return 'shared';
}

/**
 * Dependencies point one way — shared → features → app — and features never import each
 * other; pages that need two features compose them in app/routes (as bulletproof-react does).
 */
const layerBoundaries = {
  meta: {
    type: 'problem',
    messages: {
      upward: '{{from}} code must not import from {{to}} (dependencies go shared → features → app).',
      crossFeature: '{{from}} must not import {{to}}; compose features in app/routes instead.',
    },
    schema: [],
  },
  create(context) {
    const importer = layerOf(context.filename);
    if (importer === 'app' || importer === 'testing') return {};
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = layerOf(path.resolve(path.dirname(context.filename), source));
      if (target === importer || target === 'shared') return;
      if (target === 'testing' && /\.test\.tsx?$/.test(context.filename)) return;
      if (importer === 'shared' || target === 'app' || target === 'testing') {
        context.report({ node, messageId: 'upward', data: { from: importer, to: target } });
      } else {
        context.report({ node, messageId: 'crossFeature', data: { from: importer, to: target } });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

const sharedRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shared');

/**
 * The console takes the server's shapes from `shared/` by `import type` only (types add nothing to
 * the bundle); values — choice lists, type specs — only from the zod-free `*-vocabulary.ts`
 * modules (test/unit/shared-area-dependencies.test.ts keeps those free of dependencies). So the
 * server's schemas are the one source of the console's types, and zod never reaches the bundle.
 */
const sharedImports = {
  meta: {
    type: 'problem',
    messages: {
      value:
        'Import only types from {{module}} (`import type`); values come from a `*-vocabulary.ts` module of shared/.',
    },
    schema: [],
  },
  create(context) {
    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source);
      if (!target.startsWith(sharedRoot + path.sep) || typeOnly || target.endsWith('-vocabulary')) return;
      context.report({ node, messageId: 'value', data: { module: path.relative(sharedRoot, target) } });
    }
    const allTypes = (node) =>
      node.specifiers.length > 0 &&
      node.specifiers.every(
        (specifier) => specifier.importKind === 'type' || specifier.exportKind === 'type',
      );
    return {
      ImportDeclaration: (node) =>
        check(node, node.source.value, node.importKind === 'type' || allTypes(node)),
      ExportNamedDeclaration: (node) =>
        node.source && check(node, node.source.value, node.exportKind === 'type' || allTypes(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};

export default defineConfig([
  { ignores: ['dist/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser, parserOptions: { tsconfigRootDir: import.meta.dirname } },
    plugins: { console: { rules: { 'layer-boundaries': layerBoundaries, 'shared-imports': sharedImports } } },
    rules: {
      // The same house rules as the repository's root config, which ESLint does not apply here
      // (it uses the configuration nearest to each file).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'console/layer-boundaries': 'error',
      'console/shared-imports': 'error',
      // Barrel files hide the dependency graph and defeat code splitting: import the module itself.
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)index(\\.tsx?)?$', message: 'No barrel files.' }] },
      ],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['*.config.ts'],
    languageOptions: { globals: globals.node },
  },
]);
