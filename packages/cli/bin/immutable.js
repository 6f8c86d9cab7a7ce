#!/usr/bin/env node
// The `immutable` command. From the repository it runs the TypeScript sources directly: tsx's CommonJS
// hook compiles src/*.ts (and @immutable-actions/core's) on load, so there is no build step.
// A published package would ship compiled JavaScript instead and require '../dist/cli-entry.js' here.
'use strict';
require('tsx/cjs');
require('../src/cli-entry.ts');
