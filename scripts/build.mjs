// Bundles each action with ncc into dist/<name>/index.js (committed; CI checks it equals a rebuild).
//
//   node scripts/build.mjs [name...] [--out <dir>] [--minify] [--v8-cache]
//
// --out builds into another folder (default dist), e.g. a temp dir for the cold-start benchmark;
// --minify and --v8-cache pass ncc's options of the same name through (for measuring, see bench/README.md).
// Each bundle is built beside its destination and swapped in with renames, so a reader (a test running the
// bundle, another build) never sees a half-written folder.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, existsSync, renameSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const only = [];
let outRoot = 'dist';
const nccFlags = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--out') {
    outRoot = args[++i];
    if (!outRoot) throw new Error('--out needs a directory');
  } else if (arg.startsWith('--out=')) outRoot = arg.slice('--out='.length);
  else if (arg === '--minify' || arg === '--v8-cache') nccFlags.push(arg);
  else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
  else only.push(arg);
}

const actions = readdirSync('actions').filter(
  (name) =>
    existsSync(join('actions', name, 'src', 'index.ts')) && (only.length === 0 || only.includes(name)),
);
mkdirSync(outRoot, { recursive: true });
for (const name of actions) {
  const out = join(outRoot, name);
  const staging = join(outRoot, `.${name}.building-${process.pid}`);
  const old = join(outRoot, `.${name}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    execFileSync(
      process.execPath,
      [
        resolve('node_modules/@vercel/ncc/dist/ncc/cli.js'),
        'build',
        join('actions', name, 'src', 'index.ts'),
        '-o',
        staging,
        '--license',
        'licenses.txt',
        '-q',
        ...nccFlags,
      ],
      { stdio: 'inherit' },
    );
    // Two renames: the old folder steps aside, the new one takes its name, then the old one goes.
    if (existsSync(out)) renameSync(out, old);
    renameSync(staging, out);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  console.log(`built ${out}/index.js`);
}
