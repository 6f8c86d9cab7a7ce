'use strict';
// dist/<action>/index.js, as scripts/build.mjs copies it: the action's entry. main.js is the bundle.
//
// Before main.js loads, V8's compiled code for the files of this folder (main.js, sdk.js...) is reused from
// a cache that earlier runs on this machine wrote (vm.Script's cachedData, as v8-compile-cache does): a
// self-hosted runner keeps its temp folder between jobs, and a run then skips compiling a megabyte of
// JavaScript. The cache is a folder of this user's only (0700, not a link), as compiled code from it runs as
// ours; NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own compile cache.
const fs = require('node:fs');
const path = require('node:path');

function ownCacheFolder() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE || typeof process.getuid !== 'function') return undefined;
  const uid = process.getuid();
  const dir = path.join(require('node:os').tmpdir(), `immutable-actions-compile-cache-${uid}`);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if (error.code !== 'EEXIST') return undefined;
  }
  try {
    const stat = fs.lstatSync(dir);
    const private_ = stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
    return private_ ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Compiles this folder's modules with vm.Script, from and into the cache. */
function cacheCompiledCode(dir) {
  const Module = require('node:module');
  const vm = require('node:vm');
  const { createHash } = require('node:crypto');
  const compile = Module.prototype._compile;
  const main = require.main;
  const written = [];
  Module.prototype._compile = function (content, filename) {
    if (path.dirname(filename) !== __dirname) return compile.call(this, content, filename);
    // By content: V8 checks only the source's length, and a cache must never run other code than the file's.
    const key = createHash('sha256')
      .update(`${process.version}\0${filename}\0`)
      .update(content)
      .digest('hex');
    const file = path.join(dir, `${key.slice(0, 40)}.v8`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) written.push({ script, file });
    const require = (id) => this.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, this, false, options);
    require.main = main;
    require.cache = Module._cache;
    const dirname = path.dirname(filename);
    return script.runInThisContext().call(this.exports, this.exports, require, this, filename, dirname);
  };
  // At exit, so that the cache holds the functions this run compiled too, not only the top level.
  process.once('exit', () => {
    for (const { script, file } of written) {
      try {
        const partial = `${file}.${process.pid}`;
        fs.writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(partial, file);
      } catch {
        // a cache is an optimisation: a full disk or a race costs the next run its compile, nothing more
      }
    }
  });
}

const dir = ownCacheFolder();
if (dir) cacheCompiledCode(dir);
// main.js runs the action when this file is node's script; required (@github/local-action), it exports run().
module.exports = require('./main.js');
