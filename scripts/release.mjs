// Builds each action into a self-contained folder, the content of its own repository (org/<name>), so that
// `uses: org/<name>@v1` works: action.yml with runs.main (and pre/post) pointing at index.js beside it, the
// ncc bundle from dist/<name>/ (index.js, licenses.txt and anything else ncc emitted), README.md and LICENSE.
//
//   node scripts/release.mjs <out-dir> [name ...]     (default out-dir: release; default: every action)
//
// It does not rebuild the bundles: run `npm run build` first (CI checks dist/ equals a rebuild).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [outArg, ...only] = process.argv.slice(2);
const out = resolve(outArg ?? join(root, 'release'));

const names = readdirSync(join(root, 'actions'))
  .filter((name) => existsSync(join(root, 'actions', name, 'action.yml')))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();
for (const name of only) {
  if (!names.includes(name)) fail(`No action ${name} (actions/${name}/action.yml).`);
}

const problems = [];
for (const name of names) {
  const dist = join(root, 'dist', name);
  if (!existsSync(join(dist, 'index.js'))) {
    problems.push(`${name}: dist/${name}/index.js is missing; build it with node scripts/build.mjs ${name}`);
    continue;
  }
  const target = join(out, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });

  // Rewrite only the runs.main/pre/post lines, so the rest of action.yml stays byte for byte.
  const source = readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8');
  const relDist = `../../dist/${name}/`;
  const rewritten = source.replace(
    /^(\s+(?:main|pre|post):\s*['"]?)([^'"\s]+)(['"]?\s*)$/gm,
    (line, head, path, tail) =>
      path.startsWith(relDist) ? `${head}${path.slice(relDist.length)}${tail}` : line,
  );
  const runs = parse(rewritten)?.runs ?? {};
  if (runs.main !== 'index.js') {
    problems.push(`${name}: runs.main is ${JSON.stringify(runs.main)} after rewriting, expected index.js`);
    continue;
  }
  for (const hook of ['pre', 'post']) {
    if (runs[hook] !== undefined && !existsSync(join(dist, runs[hook]))) {
      problems.push(`${name}: runs.${hook} ${runs[hook]} is not in dist/${name}`);
    }
  }
  writeFileSync(join(target, 'action.yml'), rewritten);
  cpSync(dist, target, { recursive: true });
  for (const [from, to] of [
    [join(root, 'actions', name, 'README.md'), 'README.md'],
    [join(root, 'LICENSE'), 'LICENSE'],
  ]) {
    if (existsSync(from)) cpSync(from, join(target, to));
    else problems.push(`${name}: ${to} is missing (${from})`);
  }
  console.log(`release/${name}: ${readdirSync(target).sort().join(', ')}`);
}

for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);

function fail(message) {
  console.error(message);
  process.exit(1);
}
