import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, useSeededMoto } from '@immutable-actions/test-support';

// The packages as npm users get them: `npm pack` of core and cli (prepack builds lib/ with tsc), installed
// into an empty folder from the tarballs, the AWS SDK and the rest from the npm cache, no network.
jest.setTimeout(600_000);

const { moto, net } = useSeededMoto('packed');
let packs: string;
let home: string;
let workspace: string;
let tarballs: string[] = [];

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 300_000 });
}

function text(run: SpawnSyncReturns<string>): string {
  return `${run.stdout}${run.stderr}`;
}

/**
 * The two packages and what their packing reads, copied, with the workspace's node_modules linked in: prepack
 * builds lib/ and points package.json at it until postpack, and in the workspace itself that moment is seen by
 * whatever runs beside this file (the dist/ build bundled lib/ instead of the sources, tests resolve it).
 */
function workspaceCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'immutable-workspace-'));
  for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/pack-manifest.mjs'])
    cpSync(join(REPO_ROOT, file), join(copy, file));
  for (const name of ['core', 'cli']) {
    const from = join(REPO_ROOT, 'packages', name);
    const skipped = new Set(['lib', 'node_modules', 'test'].map((dir) => join(from, dir)));
    cpSync(from, join(copy, 'packages', name), { recursive: true, filter: (path) => !skipped.has(path) });
    if (existsSync(join(from, 'node_modules')))
      symlinkSync(join(from, 'node_modules'), join(copy, 'packages', name, 'node_modules'));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

beforeAll(() => {
  packs = mkdtempSync(join(tmpdir(), 'immutable-packs-'));
  home = mkdtempSync(join(tmpdir(), 'immutable-user-'));
  workspace = workspaceCopy();
  // One npm for both packs, core first (cli's tsc reads core's lib/ declarations); each runs its own prepack.
  const pack = sh(
    'npm',
    ['pack', '--silent', '--pack-destination', packs, '-w', 'packages/core', '-w', 'packages/cli'],
    workspace,
  );
  if (pack.status !== 0) throw new Error(`npm pack of packages/core and packages/cli failed: ${text(pack)}`);
  tarballs = readdirSync(packs).map((file) => join(packs, file));
  const core = tarballs.find((t) => t.includes('-core-')) ?? '';
  const cli = tarballs.find((t) => t.includes('-cli-')) ?? '';
  const dependencies = { '@immutable-actions/cli': `file:${cli}`, '@immutable-actions/core': `file:${core}` };
  writeFileSync(join(home, 'package.json'), JSON.stringify({ name: 'user', private: true, dependencies }));
  writeFileSync(join(home, 'package-lock.json'), JSON.stringify(userLockfile(core, cli), null, 2));
  const install = sh('npm', ['ci', '--offline', '--no-audit', '--no-fund'], home);
  if (install.status !== 0) throw new Error(`npm install of the tarballs failed: ${text(install)}`);
});
afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(packs, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * The user's lockfile, so that `npm ci --offline` needs only tarballs, which the npm cache holds by integrity
 * (it may lack the abbreviated registry documents a resolving install asks for): the tarballs, and the
 * workspace lockfile's entries for what the core needs, found as npm resolves them (nearest node_modules).
 */
function userLockfile(core: string, cli: string) {
  const workspace = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    }
  ).packages;
  const coreManifest = workspace['packages/core'] ?? {};
  const packages: Record<string, LockEntry> = {
    '': {
      name: 'user',
      dependencies: { '@immutable-actions/cli': `file:${cli}`, '@immutable-actions/core': `file:${core}` },
    },
    'node_modules/@immutable-actions/core': {
      version: '0.1.0',
      resolved: `file:${core}`,
      dependencies: coreManifest.dependencies ?? {},
    },
    'node_modules/@immutable-actions/cli': {
      version: '0.1.0',
      resolved: `file:${cli}`,
      dependencies: { '@immutable-actions/core': '0.1.0' },
      bin: { immutable: 'bin/immutable.js' },
    },
  };
  // From a package's folder in the workspace, where its dependency `name` is: the nearest node_modules up.
  const find = (from: string, name: string): string | undefined => {
    for (
      let dir = from;
      ;
      dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : ''
    ) {
      const at = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (workspace[at]) return at;
      if (!dir) return undefined;
    }
  };
  // The core lives at packages/core in the workspace and at node_modules/@immutable-actions/core here.
  const here = (at: string) =>
    at.startsWith('packages/core/node_modules/')
      ? at.replace('packages/core/', 'node_modules/@immutable-actions/core/')
      : at;
  const queue: [string, Record<string, string>][] = [['packages/core', coreManifest.dependencies ?? {}]];
  while (queue.length > 0) {
    const [from, deps] = queue.shift()!;
    for (const name of Object.keys(deps)) {
      const at = find(from, name);
      if (!at || packages[here(at)]) continue;
      const entry: LockEntry = { ...workspace[at] };
      for (const flag of ['dev', 'devOptional', 'peer']) delete entry[flag];
      packages[here(at)] = entry;
      queue.push([at, { ...(entry.dependencies ?? {}), ...(entry.optionalDependencies ?? {}) }]);
    }
  }
  return { name: 'user', lockfileVersion: 3, requires: true, packages };
}

/**
 * The installed `immutable` command: through npx (as the README says), or the bin npm linked into
 * node_modules/.bin, which is what npx runs, without npx's own start-up of a second or more.
 */
function immutable(args: string[], via: 'npx' | 'bin' = 'bin') {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return via === 'npx'
    ? sh('npx', ['--no-install', 'immutable', ...args], home, { ...env, ...moto.env })
    : sh(join(home, 'node_modules', '.bin', 'immutable'), args, home, { ...env, ...moto.env });
}

test('the tarballs hold JavaScript and declarations, not TypeScript sources, and the manifests are restored', () => {
  const list = (tarball: string) => sh('tar', ['-tzf', tarball], packs).stdout.split('\n').filter(Boolean);
  const [core = '', cli = ''] = ['core', 'cli'].map(
    (name) => tarballs.find((t) => t.includes(`-${name}-`)) ?? '',
  );
  expect(list(core)).toEqual(
    expect.arrayContaining(['package/lib/index.js', 'package/lib/index.d.ts', 'package/package.json']),
  );
  expect(list(cli)).toEqual(expect.arrayContaining(['package/bin/immutable.js', 'package/lib/cli-entry.js']));
  for (const tarball of [core, cli])
    expect(list(tarball).filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))).toEqual([]);
  // postpack put the copy's manifests back, and the workspace's own never pointed at lib/ (see workspaceCopy):
  // sources in both, no leftover copy.
  for (const root of [workspace, REPO_ROOT]) {
    for (const name of ['core', 'cli']) {
      expect(existsSync(join(root, 'packages', name, '.package.json.workspace'))).toBe(false);
      const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')) as {
        main: string;
      };
      expect(manifest.main).toBe('src/index.ts');
    }
  }
});

test('the installed core loads with require, and its types resolve', () => {
  const run = sh(
    process.execPath,
    [
      '-e',
      "const c = require('@immutable-actions/core'); console.log(c.VERSION, typeof c.deploy, require.resolve('@immutable-actions/core'))",
    ],
    home,
  );
  expect(text(run)).toMatch(/^0\.1\.0 function .*node_modules\/@immutable-actions\/core\/lib\/index\.js\n$/);
  expect(existsSync(join(home, 'node_modules', '@immutable-actions', 'core', 'lib', 'index.d.ts'))).toBe(
    true,
  );
  expect(existsSync(join(home, 'node_modules', 'tsx'))).toBe(false);
});

test('npx immutable --help', () => {
  const run = immutable(['--help'], 'npx');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^immutable 0\.1\.0: /);
  expect(run.stdout).toContain('Usage: immutable <command>');
});

test('immutable deploy and status against moto, from the packed CLI', () => {
  const deploy = immutable([
    'deploy',
    '--cluster',
    'packed',
    '--ami-id',
    net.baseAmi,
    '--launch-template',
    net.baseTemplateName,
    '--target-groups',
    net.targetGroupName,
    '--desired-capacity',
    '1',
  ]);
  expect(text(deploy)).not.toMatch(/Cannot find module|NodeVersionSupportWarning/);
  expect(deploy.status).toBe(0);
  const status = immutable(['status', '--cluster', 'packed']);
  expect(status.status).toBe(0);
  expect(status.stdout).toMatch(new RegExp(`^packed-v000\\s+serving\\s+${net.baseAmi}`, 'm'));

  // A cluster with no groups: the packed CLI reaches moto and says so about cluster x (the exact wording
  // and exit code belong to status's own tests).
  const empty = immutable(['status', '--cluster', 'x']);
  expect(text(empty)).not.toMatch(/Cannot find module|internal error|NodeVersionSupportWarning|\n\s+at /);
  expect(text(empty).trim().split('\n')[0]).toMatch(/\bx\b.*no groups|no groups.*\bx\b|\bx\b.*not found/i);
});
