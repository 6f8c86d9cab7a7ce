// esbuild only transpiles (tsc --noEmit type-checks in `npm test`); the ESM-only @actions/* packages are
// transformed to CommonJS alongside our sources. ts-jest took twice as long for the same files.
const transform = { '^.+\\.[tj]s$': '<rootDir>/test/esbuild-transform.js' };
const shared = {
  transform,
  transformIgnorePatterns: [
    '/node_modules/(?!(@actions|@octokit|universal-user-agent|before-after-hook|fast-content-type-parse|json-with-bigint)/)',
  ],
  testEnvironment: 'node',
  resolver: '<rootDir>/test/jest-resolver.js',
  setupFiles: ['<rootDir>/test/env.js'],
  runtime: '<rootDir>/test/code-cache-runtime.js',
};
/** @type {import('jest').Config} */
module.exports = {
  // Most test files wait on child processes (moto, Packer, the bundles), so more workers than cores pay off;
  // jest's default on 2 cores is one worker, which ran the files serially. JEST_WORKERS overrides it.
  maxWorkers: Number(process.env.JEST_WORKERS ?? 3),
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/**/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/test/integration/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/slow-timeout.js'],
    },
    {
      ...shared,
      displayName: 'scenario',
      testMatch: ['<rootDir>/**/test/scenario/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/slow-timeout.js'],
    },
    { ...shared, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.test.ts'] },
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // One moto per worker, reset for each test file that asks for one (test/moto-pool.mjs).
  // Longest files first, by test/durations.json where jest has no timings of its own (a fresh clone).
  testSequencer: '<rootDir>/test/sequencer.js',
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
