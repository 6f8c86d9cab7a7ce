import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// dist/<name>/index.js (scripts/bundle-entry.cjs): V8's compiled code of the bundle is kept only in a folder
// of the user's own, and the run is the same with or without it.
const ROOT = join(__dirname, '..', '..');
const ENTRY = join(ROOT, 'dist', 'deploy-asg', 'index.js');
const uid = process.getuid?.() ?? 0;

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'compile-cache-'));
});
afterEach(() => rmSync(temp, { recursive: true, force: true }));

/** The bundle with no inputs (it fails on its first required one), with TMPDIR in this test's folder. */
function run(env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('INPUT_')));
  return spawnSync(process.execPath, [ENTRY], { env: { ...clean, TMPDIR: temp, ...env }, encoding: 'utf8' });
}
const cacheDir = () => join(temp, `immutable-actions-compile-cache-${uid}`);
const cached = () => readdirSync(cacheDir()).filter((file) => file.endsWith('.v8'));

it('writes the cache in a 0700 folder of its own, and a second run gives the same answer from it', () => {
  const first = run();
  expect(first.stdout).toContain('::error::Invalid cluster ""');
  expect(cached().length).toBeGreaterThan(0);
  expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
  const second = run();
  expect(second.stdout).toBe(first.stdout);
  expect(second.status).toBe(first.status);
});

it('uses no folder that others may write, and none at all with NODE_DISABLE_COMPILE_CACHE=1', () => {
  mkdirSync(cacheDir());
  chmodSync(cacheDir(), 0o777);
  expect(run().stdout).toContain('::error::Invalid cluster ""');
  expect(cached()).toEqual([]);
  rmSync(cacheDir(), { recursive: true });
  expect(run({ NODE_DISABLE_COMPILE_CACHE: '1' }).stdout).toContain('::error::Invalid cluster ""');
  expect(readdirSync(temp)).toEqual([]);
});
