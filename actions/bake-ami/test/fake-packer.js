#!/usr/bin/env node
// A recording stand-in for a modern Packer (1.11, plugins not bundled), for the plugin flow on a machine
// that has only Packer 1.6.6. It appends {argv, env} to $FAKE_PACKER_LOG and answers as Packer would:
// `init` installs the template's required plugins into PACKER_PLUGIN_PATH, `plugins install --path`
// copies the given binary there, and `build` refuses without the plugins, else strips the `packer {}`
// block (which 1.6.6 rejects) and runs the real Packer ($FAKE_PACKER_REAL) on the rest.
'use strict';
const {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} = require('node:fs');
const { basename, join } = require('node:path');
const { spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
const pluginPath =
  process.env.PACKER_PLUGIN_PATH || join(process.env.HOME || '/tmp', '.config', 'packer', 'plugins');
const installed = () => (existsSync(pluginPath) ? walk(pluginPath) : []);
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name],
  );
}
appendFileSync(
  process.env.FAKE_PACKER_LOG,
  JSON.stringify({
    argv: args,
    env: {
      PACKER_PLUGIN_PATH: process.env.PACKER_PLUGIN_PATH ?? null,
      PACKER_GITHUB_API_TOKEN: process.env.PACKER_GITHUB_API_TOKEN ?? null,
    },
    installed: installed(),
  }) + '\n',
);
const now = Math.floor(Date.now() / 1000);
const say = (text) => console.log(`${now},,ui,say,${text}`);
const required = (template) =>
  [
    ...readFileSync(template, 'utf8').matchAll(
      /source\s*=\s*"([^"]+)"[^}]*?version\s*=\s*"([^"]+)"|version\s*=\s*"([^"]+)"[^}]*?source\s*=\s*"([^"]+)"/g,
    ),
  ].map((m) => m[1] ?? m[4]);

if (args[0] === 'version') {
  console.log(`${now},,version,1.11.2`);
} else if (args[0] === '--help') {
  console.error(
    'Usage: packer [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n    build           build image(s) from template\n    init            Install missing plugins or upgrade plugins\n    plugins         Interact with Packer plugins and catalog',
  );
  process.exit(1);
} else if (args[0] === 'init') {
  for (const source of required(args[1])) {
    const name = source.split('/').pop();
    mkdirSync(join(pluginPath, source), { recursive: true });
    writeFileSync(join(pluginPath, source, `packer-plugin-${name}_v1.3.3_x5.0_linux_amd64`), 'from github');
    say(`Installed plugin ${source} v1.3.3 in "${join(pluginPath, source)}"`);
  }
} else if (args[0] === 'plugins' && args[1] === 'install' && args[2] === '--path') {
  const [binary, source] = [args[3], args[4]];
  mkdirSync(join(pluginPath, source), { recursive: true });
  copyFileSync(binary, join(pluginPath, source, basename(binary)));
  say(`Successfully installed plugin ${source} from ${binary}`);
} else if (args[0] === 'build') {
  const template = args[args.length - 1];
  const missing = required(template).filter((source) => !installed().some((f) => f.startsWith(`${source}/`)));
  if (missing.length > 0) {
    console.log(`${now},,ui,error,Error: Missing plugins: ${missing.join(' ')}`);
    process.exit(1);
  }
  const stripped = readFileSync(template, 'utf8').replace(/^packer \{[\s\S]*?^\}\n/m, '');
  writeFileSync(`${template}.for-1.6.6.pkr.hcl`, stripped);
  const real = spawnSync(
    process.env.FAKE_PACKER_REAL || 'packer',
    [...args.slice(0, -1), `${template}.for-1.6.6.pkr.hcl`],
    {
      stdio: 'inherit',
    },
  );
  process.exit(real.status ?? 1);
} else {
  console.error(`fake packer: unexpected ${args.join(' ')}`);
  process.exit(2);
}
