// Longest files first, so that no worker is left alone with a long file at the end. Jest's own sequencer does
// that only with timings of an earlier run on this machine; on a fresh clone (CI) it orders by file size,
// which put the kill-rerun files (small, their cases live in another file) last. test/durations.json holds
// seconds per file from a full run: refresh it with scripts/test-durations.mjs after a file grows or slows.
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const durations = require('./durations.json');

class LongestFirst extends Sequencer {
  time(test) {
    // A file not listed (new, or under 2 s) counts as 1 s: it fills the gaps at the end.
    return super.time(test) ?? durations[relative(test.context.config.rootDir, test.path)] ?? 1;
  }
}

module.exports = LongestFirst;
