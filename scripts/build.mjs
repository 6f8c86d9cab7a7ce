// Bundles each action with esbuild into dist/<name>/ (committed; CI checks it equals a rebuild):
//
//   node scripts/build.mjs [name...] [--out <dir>]
//
// main.js is the action's code with what every run needs; index.js (scripts/bundle-entry.cjs) turns on a
// compile cache and requires it. Each import() in main.js becomes a file of its own beside it (sdk.js for
// the AWS SDK, actions-github.js, undici.js...), read only when that import() runs, so a run that fails on
// its inputs reads a few hundred KB instead of megabytes. The AWS SDK is built
// from its ES modules, keeping only the commands packages/core/src/aws/sdk.ts names (tree-shaking).
// licenses.txt lists every bundled package with its license text.
//
// --out builds into another folder (default dist), e.g. a temp dir for CI's rebuild check. Each bundle is
// built beside its destination and swapped in with renames, so a reader (a test running the bundle, another
// build) never sees a half-written folder.
import * as esbuild from 'esbuild';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const only = [];
let outRoot = join(ROOT, 'dist');
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--out') {
    outRoot = resolve(args[++i] ?? '');
    if (!args[i]) throw new Error('--out needs a directory');
  } else if (arg.startsWith('--out=')) outRoot = resolve(arg.slice('--out='.length));
  else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
  else only.push(arg);
}

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // ES modules where a package has them: only they can be tree-shaken.
  mainFields: ['module', 'main'],
  // import() of a Node built-in (in the SDK) becomes require(): the same module, and a bundle stays CommonJS.
  supported: { 'dynamic-import': false },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  charset: 'utf8',
  // ES modules that find files next to themselves (openpgp's createRequire(import.meta.url)) get the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** The file an import() specifier becomes: `./sdk` -> sdk.js, `@actions/github` -> actions-github.js. */
const lazyFileName = (specifier) =>
  `${specifier.replace(/^\.\//, '').replace(/\.js$/, '').replace(/^@/, '').replace(/[/.]/g, '-')}.js`;

/**
 * In main.js: each import() becomes require() of its own file, and @actions/core's one use of
 * @actions/http-client (and undici under it), OIDC tokens, loads it on that call only.
 */
function lazyImports(lazy) {
  return {
    name: 'lazy-imports',
    setup(build) {
      build.onResolve({ filter: /.*/, namespace: 'lazy-http-client' }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        // Our sources' require() calls are lazy loads too (clients.ts's ./sdk, see there).
        const ours =
          args.kind === 'require-call' && /[/\\]packages[/\\][^/\\]+[/\\]src[/\\]/.test(args.importer);
        if (args.kind === 'dynamic-import' || ours) {
          const target = await build.resolve(args.path, {
            kind: 'import-statement',
            resolveDir: args.resolveDir,
          });
          if (target.errors.length > 0) return { errors: target.errors };
          if (target.external) return undefined;
          const file = lazyFileName(args.path);
          const known = lazy.get(file);
          if (known && known !== target.path)
            throw new Error(`${file} would hold both ${known} and ${target.path}: rename one import()`);
          lazy.set(file, target.path);
          return { path: `./${file}`, external: true };
        }
        if (args.path === '@actions/http-client' && /@actions[/\\]core[/\\]/.test(args.importer)) {
          const target = await build.resolve(args.path, {
            kind: 'import-statement',
            resolveDir: args.resolveDir,
          });
          lazy.set(lazyFileName(args.path), target.path);
          return { path: args.path, namespace: 'lazy-http-client' };
        }
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-http-client' }, () => ({
        loader: 'js',
        contents: `// @actions/core needs HttpClient only to fetch an OIDC token: load it (and undici) then.
export class HttpClient {
  constructor(...args) {
    return new (require('./${lazyFileName('@actions/http-client')}').HttpClient)(...args);
  }
}
`,
      }));
    },
  };
}

/**
 * The AWS SDK, as packages/core/src/aws/sdk.ts names it: each name straight from its own ES module
 * (commands/<Name>.js, pagination/<Name>Paginator.js, <Name>Client.js) rather than the package's index,
 * which imports all of a service's commands and its aggregated client.
 */
const slimSdk = {
  name: 'slim-sdk',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/client-[a-z0-9-]+$/ }, (args) =>
      args.importer.endsWith(join('packages', 'core', 'src', 'aws', 'sdk.ts'))
        ? { path: args.path, namespace: 'slim-sdk', pluginData: { importer: args.importer } }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'slim-sdk' }, (args) => {
      const { importer } = args.pluginData;
      const pkgDir = dirname(createRequire(importer).resolve(`${args.path}/package.json`));
      const block = readFileSync(importer, 'utf8').match(
        new RegExp(`export \\{([^}]*)\\} from '${args.path}';`),
      );
      if (!block) throw new Error(`${importer}: no export { ... } from '${args.path}'`);
      const names = block[1]
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
      const lines = names.map((name) => {
        const file = name.endsWith('Command')
          ? `commands/${name}.js`
          : name.startsWith('paginate')
            ? `pagination/${name.slice('paginate'.length)}Paginator.js`
            : `${name}.js`;
        if (!existsSync(join(pkgDir, 'dist-es', file))) {
          throw new Error(`${args.path} has no dist-es/${file} for ${name}`);
        }
        return `export { ${name} } from './dist-es/${file}';`;
      });
      return { contents: `${lines.join('\n')}\n`, loader: 'js', resolveDir: pkgDir };
    });
  },
};

/**
 * The SDK's schemas_0.js holds every shape of a service (EC2: 1.3 MB, 2,000+ shapes) in one module. Its object
 * keys are computed from the file's string constants (`{ [_xN]: _dR }`), which esbuild must assume may run code,
 * so it kept every shape. With each such key written as its string (the same object) the unused shapes are
 * tree-shaken: deploy-asg's sdk.js 2.1 MB -> 1.1 MB, and loading it takes a third of the CPU.
 */
const pureSchemas = {
  name: 'pure-schemas',
  setup(build) {
    build.onLoad(
      { filter: /[/\\]dist-es[/\\](submodules[/\\][^/\\]+[/\\])?schemas[/\\]schemas_\d+\.js$/ },
      (args) => {
        const source = readFileSync(args.path, 'utf8');
        const strings = new Map(
          [...source.matchAll(/^const (_[\w$]+) = ("[^"\\\n]*");$/gm)].map((match) => [match[1], match[2]]),
        );
        const contents = source.replace(/\[(_[\w$]+)\]:/g, (key, name) => {
          const value = strings.get(name);
          // Not one of the file's string constants (a new SDK layout): fail the build rather than guess.
          if (value === undefined)
            throw new Error(`${args.path}: computed key ${key} is not a string constant`);
          return `${value}:`;
        });
        return { contents, loader: 'js' };
      },
    );
  },
};

/**
 * The SDK's XML parser (every Query-protocol answer) builds each name and text a character at a time: a tenth of
 * a red/black deploy's CPU between calls. The bundles get packages/core/src/aws/xml-parser.ts in its place, the
 * same parser written with slices, which its unit test holds to the SDK's output and errors. Only the parser
 * it was checked against is replaced: a new SDK's fails the build until the two are compared again.
 */
const XML_PARSER_CHECKED = '5cf78ee442ca71df8037c69a182be175727362c3591b4007d31768f20b25c25b';
const fastXmlParser = {
  name: 'fast-xml-parser',
  setup(build) {
    build.onLoad({ filter: /[/\\]@aws-sdk[/\\]xml-builder[/\\]dist-es[/\\]xml-parser\.js$/ }, (args) => {
      const digest = createHash('sha256').update(readFileSync(args.path)).digest('hex');
      if (digest !== XML_PARSER_CHECKED) {
        throw new Error(
          `${args.path} changed (sha256 ${digest}): compare packages/core/src/aws/xml-parser.ts with it, then update XML_PARSER_CHECKED`,
        );
      }
      const ours = join(ROOT, 'packages', 'core', 'src', 'aws', 'xml-parser.ts');
      return { contents: `export { parseXML } from ${JSON.stringify(ours)};\n`, loader: 'js' };
    });
  },
};

/** Every bundled package, with its license text, as ncc's --license wrote it. */
function licenses(metafiles) {
  const packages = new Map();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const rest = input.slice(at + 'node_modules/'.length).split('/');
      const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
      const dir = join(ROOT, input.slice(0, at), 'node_modules', name);
      if (!packages.has(name)) packages.set(name, dir);
    }
  }
  return [...packages]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, dir]) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const file = readdirSync(dir).find((entry) => /^(licen[cs]e|copying)/i.test(entry));
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : '';
      return `${name}\n${manifest.license ?? 'UNKNOWN'}\n${text}\n`;
    })
    .join('\n');
}

async function buildAction(name, out) {
  const lazy = new Map();
  const main = await esbuild.build({
    ...common,
    entryPoints: [join(ROOT, 'actions', name, 'src', 'index.ts')],
    outfile: join(out, 'main.js'),
    plugins: [lazyImports(lazy)],
  });
  const metafiles = [main.metafile];
  // Only the files main.js still requires: an import() in code tree-shaking dropped needs none.
  const required = new Set(
    Object.values(main.metafile.outputs).flatMap((output) =>
      output.imports.filter((i) => i.external).map((i) => i.path.replace(/^\.\//, '')),
    ),
  );
  for (const [file, entry] of [...lazy].filter(([file]) => required.has(file)).sort()) {
    const part = await esbuild.build({
      ...common,
      entryPoints: [entry],
      outfile: join(out, file),
      plugins: [slimSdk, pureSchemas, fastXmlParser],
    });
    metafiles.push(part.metafile);
  }
  writeFileSync(join(out, 'licenses.txt'), licenses(metafiles));
  // The entry the runner starts: it turns on the compile cache, then requires main.js (see the file).
  copyFileSync(join(ROOT, 'scripts', 'bundle-entry.cjs'), join(out, 'index.js'));
}

const actions = readdirSync(join(ROOT, 'actions')).filter(
  (name) =>
    existsSync(join(ROOT, 'actions', name, 'src', 'index.ts')) && (only.length === 0 || only.includes(name)),
);
mkdirSync(outRoot, { recursive: true });
for (const name of actions) {
  const out = join(outRoot, name);
  const staging = join(outRoot, `.${name}.building-${process.pid}`);
  const old = join(outRoot, `.${name}.old-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    await buildAction(name, staging);
    // Two renames: the old folder steps aside, the new one takes its name, then the old one goes.
    if (existsSync(out)) renameSync(out, old);
    renameSync(staging, out);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  console.log(`built ${relative(process.cwd(), out) || '.'}/index.js`);
}
