#!/usr/bin/env node
// The `immutable` command. In the repository it runs the TypeScript sources (tsx's CommonJS hook compiles
// src/*.ts and @immutable-actions/core's on load, so there is no build step); the npm package has no src/
// and runs lib/, built by tsc at pack time.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (existsSync(join(__dirname, '..', 'src', 'cli-entry.ts'))) {
  require('tsx/cjs');
  require('../src/cli-entry.ts');
} else {
  require('../lib/cli-entry.js');
}
