// ESM-only packages (@actions/core 3, @octokit/*) export only an `import` condition. Resolve as CommonJS
// first, and only where that finds nothing retry with `import`; test/esbuild-transform.js then
// turns them into CommonJS.
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (error) {
    const conditions = [...(options.conditions ?? ['require', 'default']), 'import'];
    try {
      return options.defaultResolver(request, { ...options, conditions });
    } catch {
      throw error;
    }
  }
};
