/**
 * What `npm run demo` needs beyond npm: Packer and moto. Each is found, or installed the safest way this
 * machine allows, or named in one line. Everything outside (commands, the installer, the file system) is
 * injected, so the order of attempts is unit-tested without touching the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  DEFAULT_MIRROR_URL,
  describeError,
  installPacker,
  isImmutableError,
  parseSetupPackerOptions,
  type Logger,
} from '@immutable-actions/core';

/**
 * Packer 1.10 and later no longer bundle the Amazon builder: the demo's template would need `packer init`,
 * which downloads the plugin from GitHub. The 1.9 series is the newest that bakes with nothing more.
 */
export const DEMO_PACKER_VERSION = '~1.9';

/** Where the standard tools live, for commands run with a PATH of our own. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A failure the user can fix, said in one line. */
export class Missing extends Error {}

export interface CommandResult {
  /** null when the command could not be started (not installed). */
  status: number | null;
  /** stdout and stderr, when not shown to the user as they came. */
  output: string;
}

export interface Machine {
  /** Runs a command to completion. `show` streams its output to the user (installs take a while). */
  run(
    command: string,
    args: readonly string[],
    options?: { env?: NodeJS.ProcessEnv; show?: boolean },
  ): CommandResult;
  exists(path: string): boolean;
  remove(path: string): void;
  env: NodeJS.ProcessEnv;
  isRoot: boolean;
  /** The text of /etc/os-release, if there is one. */
  osRelease: string | undefined;
  home: string;
  /** setup-packer's installer (official releases or a mirror, verified); returns the binary. */
  installPacker(request: { mirrorUrl: string; version: string; publicKey?: string }): Promise<string>;
  /** The demo's own lines. */
  say(line: string): void;
}

/** The machine itself; `logger` takes the installer's lines. */
export function realMachine(logger: Logger): Machine {
  return {
    run(command, args, options = {}) {
      const result = spawnSync(command, args, {
        env: options.env ?? process.env,
        encoding: 'utf8',
        stdio: options.show ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
      });
      return {
        status: result.error ? null : result.status,
        output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
      };
    },
    exists: existsSync,
    remove: (path) => rmSync(path, { recursive: true, force: true }),
    env: process.env,
    isRoot: process.getuid?.() === 0,
    osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : undefined,
    home: homedir(),
    async installPacker({ mirrorUrl, version, publicKey }) {
      const installed = await installPacker(parseSetupPackerOptions({ mirrorUrl, version, publicKey }), {
        logger,
        indexTimeoutMs: 15_000,
      });
      return installed.binary;
    },
    say: (line) => console.log(line),
  };
}

/** Debian, Ubuntu and their derivatives, from /etc/os-release's ID and ID_LIKE. */
export function isDebianLike(osRelease: string | undefined): boolean {
  if (!osRelease) return false;
  const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)=["']?([^"'\n]*)["']?$/gm)].flatMap((m) =>
    (m[1] ?? '').split(/\s+/),
  );
  return ids.some((id) => id === 'debian' || id === 'ubuntu');
}

/**
 * Packer on PATH; else setup-packer's installer from PACKER_MIRROR_URL (default: the official releases),
 * verified; else, only when those are unreachable and we are root on Debian or Ubuntu, the distribution's
 * package, said out loud. A verification failure never falls back: it is an answer, not an outage.
 */
export async function ensurePacker(machine: Machine): Promise<string> {
  if (machine.run('packer', ['version']).status === 0) return 'packer';
  const mirrorUrl = machine.env.PACKER_MIRROR_URL || DEFAULT_MIRROR_URL;
  const version = machine.env.PACKER_VERSION || DEMO_PACKER_VERSION;
  const publicKey = machine.env.PACKER_MIRROR_PUBLIC_KEY || undefined;
  machine.say(
    `\n== packer is not on PATH: installing Packer ${version} from ${mirrorUrl} with setup-packer's installer (signature and SHA-256 verified)`,
  );
  let unreachable: string;
  try {
    return await machine.installPacker({ mirrorUrl, version, ...(publicKey ? { publicKey } : {}) });
  } catch (error) {
    if (!isImmutableError(error, 'DOWNLOAD_FAILED')) throw error;
    unreachable = describeError(error).replace(/\.$/, '');
  }
  const manual =
    'Install it (Debian/Ubuntu: apt-get install packer; elsewhere https://developer.hashicorp.com/packer/install), or set PACKER_MIRROR_URL to a reachable release mirror.';
  if (!machine.isRoot || !isDebianLike(machine.osRelease) || !machine.exists('/usr/bin/apt-get')) {
    throw new Missing(
      `Packer is not on PATH, and setup-packer could not install it: ${unreachable}. ${manual}`,
    );
  }
  machine.say(
    `\n== ${unreachable}. Falling back to the distribution's package: apt-get install packer (verified by apt, not by setup-packer)`,
  );
  const apt = (args: string[]) =>
    machine.run('/usr/bin/apt-get', args, {
      env: { ...machine.env, PATH: SYSTEM_PATH, DEBIAN_FRONTEND: 'noninteractive' },
      show: true,
    }).status === 0;
  const install = ['install', '-y', '-q', '--no-install-recommends', 'packer'];
  // A fresh image has no package lists: update only when the first install attempt needs it.
  if (!apt(install) && !(apt(['update', '-q']) && apt(install))) {
    throw new Missing(`Packer is not on PATH, ${unreachable}, and apt-get install packer failed. ${manual}`);
  }
  if (machine.run('packer', ['version']).status === 0) return 'packer';
  if (machine.exists('/usr/bin/packer')) return '/usr/bin/packer';
  throw new Missing(`apt-get installed packer, but neither PATH nor /usr/bin has it. ${manual}`);
}

/** The private venv the demo installs moto into when pip works: `~/.cache/immutable/moto-venv`. */
export function motoVenvDir(machine: Pick<Machine, 'env' | 'home'>): string {
  return join(machine.env.XDG_CACHE_HOME || join(machine.home, '.cache'), 'immutable', 'moto-venv');
}

/** Exits 0 when python3 can import moto and its server's Flask: what startMoto runs first. */
export const PYTHON3_HAS_MOTO_SERVER =
  "import importlib.util as u, sys; sys.exit(not (u.find_spec('moto') and u.find_spec('flask')))";

const MOTO_HINT = "install it with pip install 'moto[server]' (Python 3), then run npm run demo again";

/**
 * python3's moto (or moto_server) as startMoto() finds it; else the demo's private venv; else one made now
 * with `python3 -m venv` and pip, where pip can reach a package index. Returns the folder to put first on
 * PATH, or undefined when moto was already there.
 */
export function ensureMoto(machine: Machine): string | undefined {
  // Asked without importing moto (0.3 s, where importing it or `moto_server --help` takes 0.75 s here).
  if (machine.run('python3', ['-c', PYTHON3_HAS_MOTO_SERVER]).status === 0) return undefined;
  if (machine.run('moto_server', ['--help']).status === 0) return undefined;
  const venv = motoVenvDir(machine);
  const bin = join(venv, 'bin');
  if (machine.exists(join(bin, 'moto_server'))) return bin;
  if (machine.run('python3', ['--version']).status !== 0) {
    throw new Missing(`moto is not installed and there is no python3: ${MOTO_HINT}.`);
  }
  machine.say(
    `\n== moto is not installed: installing it into a private venv, ${venv} (pip install 'moto[server]')`,
  );
  const made = machine.run('python3', ['-m', 'venv', venv]);
  if (made.status !== 0) {
    machine.remove(venv);
    throw new Missing(
      `moto is not installed and python3 -m venv failed (${lastLine(made.output)}): ${MOTO_HINT}.`,
    );
  }
  const pip = machine.run(join(bin, 'pip'), ['install', '--quiet', 'moto[server]']);
  if (pip.status !== 0 || !machine.exists(join(bin, 'moto_server'))) {
    machine.remove(venv);
    throw new Missing(
      `moto is not installed and pip could not install it (${lastLine(pip.output)}): ${MOTO_HINT}.`,
    );
  }
  return bin;
}

/** PATH with a folder first, for this process and what it starts. */
export function prependPath(env: NodeJS.ProcessEnv, folder: string): void {
  env.PATH = env.PATH ? `${folder}${delimiter}${env.PATH}` : folder;
}

function lastLine(output: string): string {
  const lines = output.trim().split(/\r?\n/);
  return (lines[lines.length - 1] ?? '').trim().slice(0, 200) || 'no output';
}
