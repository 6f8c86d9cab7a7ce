import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, loadActions } from './workflow-check';

jest.setTimeout(120_000);

// As the release workflow's runner sets them: the monorepo and the tag being released.
const OWNER = 'acme';
const REF = 'v1.2.3';

const actions = [...loadActions().keys()].sort();
let out: string;
let release: ReturnType<typeof spawnSync>;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'immutable-release-'));
  release = spawnSync(process.execPath, [join(ROOT, 'scripts', 'release.mjs'), out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_REPOSITORY: `${OWNER}/immutable-actions`, GITHUB_REF_NAME: REF },
  });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The environment of a bare `node index.js`: no INPUT_* and no GITHUB_* files, as outside a runner. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('INPUT_') && !key.startsWith('GITHUB_') && !key.startsWith('RUNNER_'))
      env[key] = value;
  }
  return { ...env, ...extra };
}

test('release.mjs builds every action into the output folder given on its command line', () => {
  expect(`${String(release.stderr)}`).toBe('');
  expect(release.status).toBe(0);
  expect(readdirSync(out).sort()).toEqual(actions);
  expect(actions).toEqual(['bake-ami', 'deploy-asg', 'rollback-asg', 'setup-packer']);
});

describe.each(actions)('release/%s', (name) => {
  const folder = () => join(out, name);

  test('is self-contained: action.yml running index.js beside it, the bundle and its licenses, README, LICENSE', () => {
    const files = readdirSync(folder());
    expect(files).toEqual(
      expect.arrayContaining(['action.yml', 'index.js', 'licenses.txt', 'README.md', 'LICENSE']),
    );
    const action = parse(readFileSync(join(folder(), 'action.yml'), 'utf8')) as {
      runs: { using: string; main: string };
      inputs: Record<string, unknown>;
    };
    expect(action.runs).toEqual({ using: 'node24', main: 'index.js' });
    // Everything else is the monorepo's action.yml unchanged.
    const original = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as typeof action;
    expect({ ...action, runs: original.runs }).toEqual(original);
    expect(readFileSync(join(folder(), 'index.js'))).toEqual(
      readFileSync(join(ROOT, 'dist', name, 'index.js')),
    );
    // The README is the monorepo's, with only its relative links made absolute (see the next test).
    const links = /\]\([^)]*\)|^\s*\[[^\]]+\]:\s*\S+/gm;
    expect(readFileSync(join(folder(), 'README.md'), 'utf8').replace(links, '](…)')).toBe(
      readFileSync(join(ROOT, 'actions', name, 'README.md'), 'utf8').replace(links, '](…)'),
    );
    expect(readFileSync(join(folder(), 'LICENSE'), 'utf8')).toMatch(
      /^MIT License[\s\S]*Immutable Actions contributors/,
    );
    // Nothing reaches outside the folder.
    expect(readFileSync(join(folder(), 'action.yml'), 'utf8')).not.toContain('../');
  });

  test('its README keeps no relative link: each points at the action repository or the monorepo', () => {
    const readme = readFileSync(join(folder(), 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)/g)].map((m) => m[1] ?? '');
    expect(targets.filter((t) => !/^(?:https?:|mailto:|#)/.test(t))).toEqual([]);
    const source = readFileSync(join(ROOT, 'actions', name, 'README.md'), 'utf8');
    for (const [, target] of source.matchAll(/\]\((\.\.?\/[^)\s]+)/g)) {
      const [path = '', anchor = ''] = (target ?? '').split(/(?=#)/);
      const other = /^\.\.\/([a-z-]+)\/README\.md$/.exec(path)?.[1];
      expect(readme).toContain(
        other && actions.includes(other)
          ? `](https://github.com/${OWNER}/${other}/blob/${REF}/README.md${anchor})`
          : `](https://github.com/${OWNER}/immutable-actions/blob/${REF}/${join('actions', name, path)}${anchor})`,
      );
    }
  });

  test('its bundle runs from the folder and fails with one ::error:: line on a missing or bad input', () => {
    const action = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { required?: boolean }>;
    };
    const required = Object.entries(action.inputs)
      .filter(([, spec]) => spec.required === true)
      .map(([input]) => input);
    // setup-packer has no required input: give it a bad version instead.
    const env = required.length === 0 ? bareEnv({ INPUT_VERSION: 'not-a-version' }) : bareEnv();
    const run = spawnSync(process.execPath, ['index.js'], {
      cwd: folder(),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).not.toContain('%0A'); // one line: no escaped newlines, no stack
    const named = required.length === 0 ? ['version', 'not-a-version'] : required;
    expect(named.some((input) => error?.includes(input))).toBe(true);
  });
});

test('no release folder is left in the repository by the test', () => {
  expect(existsSync(join(out, '..', 'release'))).toBe(false);
});
