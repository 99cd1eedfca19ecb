// Lint: typescript-eslint's type-checked rules (floating promises matter in workflow code), no `any`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The case engine has one face (rules/case-engine/index.ts): code outside it never imports its internals.
const caseEngineFace = {
  group: ['**/rules/case-engine/*', '!**/rules/case-engine/index', '../case-engine/*', '!../case-engine/index'],
  message: 'import the case engine only through rules/case-engine/index.ts',
};
const impure = { group: ['node:*', '@temporalio/*', 'fs', 'path'], message: 'the core does no I/O and knows no Temporal' };

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'reports/', 'coverage/', 'web/dist/'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { patterns: [caseEngineFace] }],
    },
  },
  {
    // The pure core and the workflows must be deterministic: time and randomness come from the host.
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'Date', message: 'the core is deterministic: take time as an argument' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'the core is deterministic' }],
      'no-restricted-imports': ['error', { patterns: [impure, caseEngineFace] }],
    },
  },
  {
    files: ['rules/case-engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [impure] }] },
  },
);
