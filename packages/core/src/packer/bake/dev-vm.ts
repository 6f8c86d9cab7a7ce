import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ImmutableError, invalidInput } from '../../errors';
import type { Runtime } from '../../runtime';
import { BAKE_HASH_FILE_ENV, BOX_HASH_FILE, buildArgs } from './bake';
import { bakeHash, templateFiles } from './hash';
import type { BakeOptions } from './inputs';
import { bakeLineage, type LineageInput } from './lineage';
import { packerFailure, packerVersion, runPacker, type PackerSpawner } from './packer-process';

/** Builders that make a local VM image a Vagrant box can come from. */
const LOCAL_BUILDERS = [
  'qemu',
  'virtualbox-iso',
  'virtualbox-ovf',
  'vmware-iso',
  'hyperv-iso',
  'parallels-iso',
];

const OUR_VAGRANTFILE = '# Written by immutable dev-vm build';

/** The template's local sources, as build names (`qemu.dev`). */
export function localSources(options: Pick<BakeOptions, 'template' | 'templateKind'>): string[] {
  const names: string[] = [];
  for (const file of templateFiles(options.template, options.templateKind)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/^\s*source\s+"([^"]+)"\s+"([^"]+)"/gm)) {
      if (match[1] && LOCAL_BUILDERS.includes(match[1])) names.push(`${match[1]}.${match[2] ?? ''}`);
    }
  }
  return names;
}

export interface DevBoxRequest {
  /** The bake's options: template, vars and var-files as the AMI bake takes them; `only`/`except` are the AMI's. */
  options: BakeOptions;
  /** The local source to build (`qemu.dev`); the first local source by default. */
  source?: string;
  vagrant?: string;
  runtime: Runtime;
  env?: NodeJS.ProcessEnv;
  spawner?: PackerSpawner;
  signal?: AbortSignal;
  /** Where the Vagrantfile goes; the working directory by default. */
  vagrantDirectory?: string;
}

export interface DevBox {
  name: string;
  version: string;
  /** The AMI bake's hash (same template, var-files, vars and AMI selection), also in the box's `bake-hash`. */
  bakeHash: string;
  boxPath: string;
  provider: string;
  source: string;
  vagrantfile: { path: string; written: boolean };
}

/** Box name: the template's file name and the bake lineage, so one template's boxes share a name. */
export function devBoxName(options: LineageInput): string {
  const stem = basename(options.template).replace(/\.pkr\.(hcl|json)$/, '') || 'box';
  return `${stem.replace(/[^A-Za-z0-9_.-]/g, '-')}-${bakeLineage(options)}`;
}

/** Box version: carries the bake hash (Vagrant takes letters in a version segment). */
export function devBoxVersion(hash: string): string {
  return `0.${hash.slice(0, 16)}`;
}

/** Vagrant's own one-line failure when it is missing: checked before Packer spends minutes on a box. */
export function requireVagrant(vagrant: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(vagrant, ['--version'], { env, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new ImmutableError(
      'INVALID_INPUT',
      `Vagrant is not installed (${vagrant} ${result.error ? 'not found on PATH' : 'failed to run'}): install it (Debian: apt-get install vagrant) and a provider (vagrant-libvirt or VirtualBox).`,
    );
  }
  return result.stdout.trim();
}

/**
 * Builds the template's local source into a Vagrant box carrying the AMI's bake hash, adds it to Vagrant
 * (`vagrant box add --force`) as `<template>-<lineage>` version `0.<hash>`, and writes a Vagrantfile if none.
 */
export async function buildDevBox(request: DevBoxRequest): Promise<DevBox> {
  const { options, runtime } = request;
  const log = runtime.logger;
  const env = request.env ?? process.env;
  const vagrant = request.vagrant ?? 'vagrant';
  const sources = localSources(options);
  if (sources.length === 0) {
    throw new ImmutableError(
      'INVALID_INPUT',
      `The template ${options.template} has no local source (${LOCAL_BUILDERS.slice(0, 2).join(' or ')}): nothing to build a box from.`,
    );
  }
  const source = request.source ?? sources[0] ?? '';
  if (!sources.includes(source)) {
    throw invalidInput('source', source, `one of the template's local sources (${sources.join(', ')})`);
  }
  requireVagrant(vagrant, env);
  const version = await packerVersion(options.packer, options.workingDirectory, request.spawner);
  log.info(`Packer ${version}`);

  const hash = bakeHash(options);
  const hashDir = mkdtempSync(join(tmpdir(), 'immutable-box-'));
  const hashFile = join(hashDir, BOX_HASH_FILE);
  writeFileSync(hashFile, `${hash}\n`);
  log.info(`Building ${source} into a Vagrant box carrying the bake hash ${hash}`);
  const result = await runPacker({
    packer: options.packer,
    // -force: the previous build's output directory would stop a rebuild of the same box.
    args: ['build', '-force', ...buildArgs({ ...options, only: [source], except: [] }).slice(1)],
    cwd: options.workingDirectory,
    env: { ...env, [BAKE_HASH_FILE_ENV]: hashFile },
    ...(request.spawner ? { spawner: request.spawner } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    onText: (text) => log.info(text.replace(/\n+$/, '')),
  });
  if (result.exit.code !== 0) {
    const failure = packerFailure('build', result);
    throw new ImmutableError('PACKER_FAILED', `The box build failed: ${failure.message}`);
  }
  const box = result.report.boxes.find((b) => b.build === source) ?? result.report.boxes[0];
  if (!box) {
    throw new ImmutableError(
      'PACKER_FAILED',
      `The box build failed: packer build made no Vagrant box (the template needs a post-processor "vagrant" that runs for ${source}).`,
    );
  }
  const boxPath = resolve(options.workingDirectory, box.path);
  const name = devBoxName({ ...options, repository: env.GITHUB_REPOSITORY });
  const boxVersion = devBoxVersion(hash);
  addBox(vagrant, { name, version: boxVersion, provider: box.provider, boxPath, dir: hashDir, env });
  log.info(`Added the box ${name} v${boxVersion} (${box.provider}) to Vagrant.`);
  const vagrantfile = writeVagrantfile(
    request.vagrantDirectory ?? options.workingDirectory,
    name,
    boxVersion,
  );
  return { name, version: boxVersion, bakeHash: hash, boxPath, provider: box.provider, source, vagrantfile };
}

function addBox(
  vagrant: string,
  box: {
    name: string;
    version: string;
    provider: string;
    boxPath: string;
    dir: string;
    env: NodeJS.ProcessEnv;
  },
): void {
  // A metadata file is how a local box gets a version; --box-version lets a letter-bearing version in.
  const metadata = join(box.dir, 'metadata.json');
  writeFileSync(
    metadata,
    JSON.stringify({
      name: box.name,
      versions: [{ version: box.version, providers: [{ name: box.provider, url: `file://${box.boxPath}` }] }],
    }),
  );
  const added = spawnSync(vagrant, ['box', 'add', '--force', '--box-version', box.version, metadata], {
    env: box.env,
    encoding: 'utf8',
  });
  if (added.status !== 0) {
    const detail = `${added.stderr}\n${added.stdout}`
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(-2);
    throw new ImmutableError(
      'PACKER_FAILED',
      `vagrant box add failed: ${detail.join('; ') || `exit ${added.status}`}`,
    );
  }
}

/** A Vagrantfile pinned to the box just built; one we wrote before is updated, the user's own left alone. */
export function writeVagrantfile(
  dir: string,
  name: string,
  version: string,
): { path: string; written: boolean } {
  const path = join(dir, 'Vagrantfile');
  if (existsSync(path) && !readFileSync(path, 'utf8').startsWith(OUR_VAGRANTFILE))
    return { path, written: false };
  writeFileSync(
    path,
    `${OUR_VAGRANTFILE} (rewritten on each build while this line stays; delete it to keep your edits).
# The box is the dev VM baked from the same Packer template as the AMI; its version carries the bake hash.
Vagrant.configure("2") do |config|
  config.vm.box = ${JSON.stringify(name)}
  config.vm.box_version = ${JSON.stringify(version)}
end
`,
  );
  return { path, written: true };
}

/** The box version a Vagrantfile pins (ours), to show next to the serving AMI's bake hash. */
export function vagrantfileBox(dir: string): { name: string; version: string } | undefined {
  const path = join(dir, 'Vagrantfile');
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const name = /config\.vm\.box\s*=\s*"([^"]+)"/.exec(text)?.[1];
  const version = /config\.vm\.box_version\s*=\s*"([^"]+)"/.exec(text)?.[1];
  return name && version ? { name, version } : undefined;
}
