// The published package.json of packages/core and packages/cli, around `npm pack`/`npm publish`:
//
//   node ../../scripts/pack-manifest.mjs prepare    (prepack: after tsc built lib/)
//   node ../../scripts/pack-manifest.mjs restore    (postpack)
//
// In the workspace, main/types/exports point at src/*.ts, so tests, tsc, tsx and esbuild use the sources with no
// build step. A tarball must point at the JavaScript and declarations in lib/ instead: `prepare` rewrites the
// package.json of the current folder (keeping the original beside it), `restore` puts the original back.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const manifest = 'package.json';
const saved = '.package.json.workspace';
const [mode] = process.argv.slice(2);

if (mode === 'prepare') {
  if (existsSync(saved))
    throw new Error(`${saved} exists: an earlier pack did not restore; run restore first`);
  copyFileSync(manifest, saved);
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  const js = (path) => path.replace(/^(\.\/)?src\//, './lib/').replace(/\.ts$/, '.js');
  if (pkg.main) pkg.main = js(pkg.main);
  pkg.types = pkg.main.replace(/\.js$/, '.d.ts');
  pkg.exports = { '.': { types: pkg.types, default: pkg.main }, './package.json': './package.json' };
  pkg.files = [...new Set([...(pkg.files ?? []).filter((f) => f !== 'src'), 'lib'])];
  writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (mode === 'restore') {
  if (existsSync(saved)) renameSync(saved, manifest);
} else {
  throw new Error('usage: pack-manifest.mjs prepare|restore');
}
