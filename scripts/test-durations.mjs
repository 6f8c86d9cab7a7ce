// Writes test/durations.json (seconds per test file, for test/sequencer.js) from a full jest run's JSON:
//
//   npx jest --ci --json --outputFile=/tmp/jest.json && node scripts/test-durations.mjs /tmp/jest.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const input = process.argv[2];
if (!input) throw new Error('usage: node scripts/test-durations.mjs <jest --json output>');
const { testResults } = JSON.parse(readFileSync(input, 'utf8'));
const seconds = testResults
  .map((file) => [relative(ROOT, file.name), Math.round((file.endTime - file.startTime) / 1000)])
  .filter(([, s]) => s >= 2)
  .sort(([a, sa], [b, sb]) => sb - sa || (a < b ? -1 : 1));
writeFileSync(
  join(ROOT, 'test', 'durations.json'),
  `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`,
);
console.log(`test/durations.json: ${seconds.length} files`);
