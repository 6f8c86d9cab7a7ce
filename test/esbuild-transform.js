// Jest's transform: esbuild turns each TypeScript file (and the ESM-only @actions/* packages) into CommonJS.
// It only transpiles, as ts-jest did with isolatedModules; `npm test` type-checks with tsc --noEmit.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync, version } = require('esbuild');

// A change to this file (its options) must not reuse what an earlier version cached.
const self = readFileSync(__filename);

module.exports = {
  process(source, path) {
    const { code, map } = transformSync(source, {
      loader: path.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // import() becomes require(), as ts-jest's CommonJS did: jest's module registry has no import() hook.
      supported: { 'dynamic-import': false },
      sourcefile: path,
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
    });
    return { code, map };
  },
  getCacheKey(source, path, { configString }) {
    return createHash('sha256')
      .update(self)
      .update(`\0${version}\0${path}\0${configString}\0`)
      .update(source)
      .digest('hex');
  },
};
