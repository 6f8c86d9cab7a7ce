import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'packages/*/lib/**', '**/*.js', '!test/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['test/**/*.js'], languageOptions: { globals: { ...globals.jest } } },
  // Jest loads its config-side files (transform, resolver, reporters) as CommonJS.
  { files: ['test/*.js', 'scripts/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: 'error',
      'no-console': 'off',
    },
  },
  {
    // The library stays runnable from a CLI, tests and act: no @actions/* in it.
    files: ['packages/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@actions/*'] }],
    },
  },
  {
    // The cluster layer is what steps operate on: it knows nothing of deploys, rollbacks or the runner.
    files: ['packages/core/src/cluster/**/*.ts', 'packages/core/src/health/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@actions/*', '../deploy/*', '../rollback/*', '../workflow/*'] },
      ],
    },
  },
);
