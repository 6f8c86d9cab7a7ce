import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildDevBox,
  describeError,
  ImmutableError,
  parseBakeOptions,
  requireVagrant,
  systemRuntime,
  vagrantfileBox,
  type Logger,
} from '@immutable-actions/core';
import type { CliIo } from './index';

const VERBS = ['build', 'up', 'status', 'destroy'] as const;
type Verb = (typeof VERBS)[number];

export const DEV_VM_USAGE = `Usage: immutable dev-vm <build|up|status|destroy> [flags]

  build    bake the template's local source (qemu or virtualbox-iso) into a Vagrant box carrying the AMI's
           bake hash, vagrant box add --force it, and write a Vagrantfile if there is none
             --template <file|dir>  --vars name=value (repeat)  --var-files <file> (repeat)
             --source <type.name>   the local source (default: the first, e.g. qemu.dev)
             --ami-only <builds>    the AMI bake's only (its bake hash goes into the box); --ami-except
             --packer <path>  --vagrant <path>  --working-directory <dir>  --allow-outside-workspace
  up       vagrant up (--provider libvirt|virtualbox)
  status   vagrant status, and the box's bake hash
  destroy  vagrant destroy -f`;

/** `immutable dev-vm …`: the developer's VM from the AMI's template, through Packer and Vagrant. */
export async function runDevVm(argv: readonly string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || !VERBS.includes(verb as Verb)) {
    (verb === undefined || verb.startsWith('-') ? io.stdout : io.stderr).write(
      `${verb && !verb.startsWith('-') ? `immutable: unknown dev-vm verb ${JSON.stringify(verb)}\n` : ''}${DEV_VM_USAGE}\n`,
    );
    return verb === '--help' || verb === '-h' ? 0 : 2;
  }
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...rest],
      strict: true,
      options: {
        template: { type: 'string' },
        vars: { type: 'string', multiple: true },
        'var-files': { type: 'string', multiple: true },
        source: { type: 'string' },
        'ami-only': { type: 'string' },
        'ami-except': { type: 'string' },
        packer: { type: 'string' },
        vagrant: { type: 'string' },
        'working-directory': { type: 'string' },
        'allow-outside-workspace': { type: 'boolean' },
        provider: { type: 'string' },
      },
    }).values;
  } catch (error) {
    io.stderr.write(
      `immutable: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}\n${DEV_VM_USAGE}\n`,
    );
    return 2;
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const list = (name: string) =>
    Array.isArray(values[name]) ? (values[name] as string[]).join('\n') : undefined;
  const cwd = io.cwd ?? process.cwd();
  const dir = text('working-directory') ? join(cwd, text('working-directory') ?? '') : cwd;
  const vagrant = text('vagrant') ?? 'vagrant';
  const logger: Logger = {
    info: (m) => io.stdout.write(`${m}\n`),
    warn: (m) => io.stderr.write(`warning: ${m}\n`),
    debug: () => {},
  };
  try {
    if (verb === 'build') {
      const options = parseBakeOptions(
        {
          template: text('template'),
          vars: list('vars'),
          varFiles: list('var-files'),
          only: text('ami-only'),
          except: text('ami-except'),
          packer: text('packer'),
          workingDirectory: text('working-directory'),
          allowOutsideWorkspace: values['allow-outside-workspace'] === true ? 'true' : undefined,
        },
        { workspace: cwd },
      );
      const source = text('source');
      const box = await buildDevBox({
        options,
        ...(source ? { source } : {}),
        vagrant,
        runtime: systemRuntime(logger),
        env: io.env,
        ...(io.signal ? { signal: io.signal } : {}),
      });
      io.stdout.write(
        `Box ${box.name} v${box.version} (${box.provider}) from ${box.source}: ${box.boxPath}\n` +
          `bake hash ${box.bakeHash}\n` +
          `${box.vagrantfile.written ? 'Wrote' : 'Kept your'} ${box.vagrantfile.path}${box.vagrantfile.written ? '' : ` (set config.vm.box = "${box.name}", box_version "${box.version}")`}\n`,
      );
      return 0;
    }
    requireVagrant(vagrant, io.env);
    if (!existsSync(join(dir, 'Vagrantfile'))) {
      throw new ImmutableError(
        'INVALID_INPUT',
        `No Vagrantfile in ${dir}: run immutable dev-vm build first.`,
      );
    }
    const args =
      verb === 'up'
        ? ['up', ...(text('provider') ? ['--provider', text('provider') ?? ''] : [])]
        : verb === 'destroy'
          ? ['destroy', '-f']
          : ['status'];
    const ran = spawnSync(vagrant, args, { cwd: dir, env: io.env, encoding: 'utf8' });
    io.stdout.write(ran.stdout ?? '');
    if (verb === 'status') {
      const box = vagrantfileBox(dir);
      io.stdout.write(
        box ? `box: ${box.name} v${box.version} (bake hash ${box.version.slice(2)}…)\n` : 'box: not ours\n',
      );
    }
    if (ran.status !== 0) {
      const last = `${ran.stderr ?? ''}`
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(-1)[0];
      throw new ImmutableError('PACKER_FAILED', `vagrant ${args[0]} failed: ${last ?? `exit ${ran.status}`}`);
    }
    return 0;
  } catch (error) {
    io.stderr.write(`immutable: ${describeError(error)}\n`);
    return 1;
  }
}
