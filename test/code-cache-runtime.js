'use strict';
// jest's runtime, with V8's compiled code for each module kept between test files (jest.config.js `runtime`).
//
// Every test file gets a new module registry, so each compiles the AWS SDK, test-support and core again:
// about 0.85 s of CPU per file before its first test, most of it V8 compiling the same sources. Here a
// module is compiled with vm.Script and the cached data V8 made for it, as v8-compile-cache does for node;
// after the file, what it compiled (its lazily compiled functions too) is written for the next file. The
// key is the module's code as jest runs it (after the transform) and its name, so changed code compiles
// anew. Anything this path cannot compile goes to jest's own compile, with its errors.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

class CodeCacheRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    const executor = this.executor;
    if (!executor || typeof executor.compile !== 'function' || !executor.injectedModuleParameters) return;
    const dir = join(config.cacheDirectory, 'v8-code-cache');
    mkdirSync(dir, { recursive: true });
    const compile = executor.compile.bind(executor);
    /** Scripts compiled without usable cached data: written once the test file is done. */
    this.uncached = [];
    executor.compile = (scriptSource, filename) => {
      const context = executor.environment.getVmContext();
      if (context === null || context === undefined || executor.resolution.isCoreModule(filename))
        return compile(scriptSource, filename);
      const parameters = executor.injectedModuleParameters.join(',');
      const file = join(
        dir,
        `${createHash('sha1').update(`${filename}\0${parameters}\0`).update(scriptSource).digest('hex')}.v8`,
      );
      let cachedData;
      try {
        cachedData = readFileSync(file);
      } catch {
        // first compile of this code
      }
      try {
        // The wrapper on a line of its own, and lineOffset -1: stack traces keep the module's own lines.
        const script = new vm.Script(`(function (${parameters}) {\n${scriptSource}\n})`, {
          filename,
          lineOffset: -1,
          cachedData,
          importModuleDynamically: (specifier, _script, importAttributes, phase) =>
            executor.dynamicImport(specifier, filename, context, importAttributes, phase),
        });
        if (!cachedData || script.cachedDataRejected) this.uncached.push({ script, file });
        return script.runInContext(context);
      } catch {
        return compile(scriptSource, filename);
      }
    };
  }

  teardown() {
    for (const { script, file } of this.uncached ?? []) {
      try {
        const partial = `${file}.${process.pid}`;
        writeFileSync(partial, script.createCachedData());
        renameSync(partial, file);
      } catch {
        // a cache only saves the next file its compile
      }
    }
    if (this.uncached) this.uncached.length = 0;
    return super.teardown();
  }
}

module.exports = CodeCacheRuntime;
