// Builds each action into a self-contained folder, the content of its own repository (org/<name>), so that
// `uses: org/<name>@v1` works: action.yml with runs.main (and pre/post) pointing at index.js beside it, the
// bundle from dist/<name>/ (index.js, licenses.txt and the files index.js reads on first use), README.md and LICENSE.
//
//   node scripts/release.mjs <out-dir> [name ...]     (default out-dir: release; default: every action)
//
// It does not rebuild the bundles: run `npm run build` first (CI checks dist/ equals a rebuild).
//
// README links relative to the monorepo would 404 in a standalone repository, so they are rewritten: to
// another action's own repository (../deploy-asg/README.md#permissions → github.com/<owner>/deploy-asg/blob/
// <ref>/README.md#permissions), or else into the monorepo at the released ref. GITHUB_REPOSITORY and
// GITHUB_REF_NAME (set on every runner) name them; outside Actions, org/immutable-actions and main.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const monorepo = process.env.GITHUB_REPOSITORY || 'org/immutable-actions';
const ref = process.env.GITHUB_REF_NAME || 'main';
const owner = monorepo.split('/')[0];
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
  const readme = join(root, 'actions', name, 'README.md');
  if (existsSync(readme)) {
    const { text, broken } = rewriteLinks(readFileSync(readme, 'utf8'), name, names);
    for (const link of broken) problems.push(`${name}: README.md links to ${link}, which does not exist`);
    writeFileSync(join(target, 'README.md'), text);
  } else problems.push(`${name}: README.md is missing (${readme})`);
  const license = join(root, 'LICENSE');
  if (existsSync(license)) cpSync(license, join(target, 'LICENSE'));
  else problems.push(`${name}: LICENSE is missing (${license})`);
  console.log(`release/${name}: ${readdirSync(target).sort().join(', ')}`);
}

for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);

/**
 * Markdown links and images whose target is relative (inline `](path)` and reference `[x]: path`), made
 * absolute as the header says. Anchors-only (#…), absolute URLs and mailto: are left alone.
 */
function rewriteLinks(markdown, name, actionNames) {
  const broken = [];
  const absolute = (target) => {
    if (/^(?:[a-z][a-z0-9+.-]*:|#|\/)/i.test(target)) return target;
    const [path, anchor] = target.split(/(?=#)/);
    const inRepo = relative(root, resolve(root, 'actions', name, path))
      .split(sep)
      .join('/');
    if (inRepo.startsWith('../') || !existsSync(join(root, inRepo))) {
      broken.push(target);
      return target;
    }
    const [top, action, ...rest] = inRepo.split('/');
    if (top === 'actions' && actionNames.includes(action) && rest.join('/') === 'README.md') {
      return `https://github.com/${owner}/${action}/blob/${ref}/README.md${anchor ?? ''}`;
    }
    const kind = statSync(join(root, inRepo)).isDirectory() ? 'tree' : 'blob';
    return `https://github.com/${monorepo}/${kind}/${ref}/${inRepo}${anchor ?? ''}`;
  };
  const text = markdown
    .replace(
      /(\]\()([^)\s]+)((?:\s+"[^"]*")?\))/g,
      (_, head, target, tail) => `${head}${absolute(target)}${tail}`,
    )
    .replace(/^(\s*\[[^\]]+\]:\s*)(\S+)/gm, (_, head, target) => `${head}${absolute(target)}`);
  return { text, broken };
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
