import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainScript } from '../../src';

// The bundle runs itself only as node's script; required (by @github/local-action) it must not.
describe('isMainScript', () => {
  let dir: string;
  let bundle: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'entry-'));
    mkdirSync(join(dir, 'deploy-asg'));
    bundle = join(dir, 'deploy-asg', 'index.js');
    writeFileSync(bundle, '');
    symlinkSync(join(dir, 'deploy-asg'), join(dir, 'linked'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the path itself', () => bundle],
    ['its path without .js', () => join(dir, 'deploy-asg', 'index')],
    ['its folder', () => join(dir, 'deploy-asg')],
    ['through a symlink', () => join(dir, 'linked', 'index.js')],
  ])('is true when node was started with %s', (_how, argv1) => {
    expect(isMainScript(bundle, argv1())).toBe(true);
  });

  it('is true for a bundle main.js when node was started with the entry beside it, index.js', () => {
    const main = join(dir, 'deploy-asg', 'main.js');
    writeFileSync(main, '');
    expect(isMainScript(main, bundle)).toBe(true);
    expect(isMainScript(main, join(dir, 'linked'))).toBe(true);
    expect(isMainScript(main, join(dir, 'other.js'))).toBe(false);
    expect(isMainScript(main, '/usr/lib/node_modules/@github/local-action/src/index.ts')).toBe(false);
  });

  it('is false when another script (local-action, tsx) is the main one, or there is none', () => {
    expect(isMainScript(bundle, '/usr/lib/node_modules/@github/local-action/src/index.ts')).toBe(false);
    expect(isMainScript(bundle, join(dir, 'other.js'))).toBe(false);
    expect(isMainScript(bundle, undefined)).toBe(false);
  });
});
