import { ImmutableError } from '@immutable-actions/core';
import {
  DEMO_PACKER_VERSION,
  ensureMoto,
  PYTHON3_HAS_MOTO_SERVER,
  ensurePacker,
  isDebianLike,
  Missing,
  motoVenvDir,
  prependPath,
  type CommandResult,
  type Machine,
} from '../../prerequisites';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n';
const MINT = 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\n';

const OK: CommandResult = { status: 0, output: '' };
const FAILED: CommandResult = { status: 1, output: 'E: Unable to locate package packer\n' };
const ABSENT: CommandResult = { status: null, output: '' };

interface Call {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv | undefined;
}

/**
 * A machine whose commands answer from a script: `answers` maps "command arg…" to results, in order of
 * calls (the last answer repeats); anything unscripted is not installed. Every call is recorded.
 */
function fakeMachine(
  options: {
    answers?: Record<string, CommandResult[]>;
    files?: string[];
    isRoot?: boolean;
    osRelease?: string;
    env?: NodeJS.ProcessEnv;
    install?: Machine['installPacker'];
    /** Files a command creates when it succeeds. */
    creates?: Record<string, string[]>;
  } = {},
) {
  const calls: Call[] = [];
  const said: string[] = [];
  const removed: string[] = [];
  const installs: Parameters<Machine['installPacker']>[0][] = [];
  const files = new Set(options.files ?? []);
  const answers = options.answers ?? {};
  const machine: Machine = {
    run(command, args, runOptions) {
      calls.push({ command, args, env: runOptions?.env });
      const key = [command, ...args].join(' ');
      const queue = answers[key];
      const result = queue ? (queue.length > 1 ? queue.shift()! : queue[0]!) : ABSENT;
      if (result.status === 0) for (const file of options.creates?.[key] ?? []) files.add(file);
      return result;
    },
    exists: (path) => files.has(path),
    remove: (path) => {
      removed.push(path);
      for (const file of [...files]) if (file.startsWith(path)) files.delete(file);
    },
    env: options.env ?? { PATH: '/nowhere' },
    isRoot: options.isRoot ?? true,
    osRelease: options.osRelease ?? DEBIAN,
    home: '/home/me',
    installPacker: async (request) => {
      installs.push(request);
      if (options.install) return options.install(request);
      return '/cache/packer/1.9.5/x64/packer';
    },
    say: (line) => said.push(line.trim()),
  };
  const commands = () => calls.map((call) => [call.command, ...call.args].join(' '));
  return { machine, calls, commands, said, removed, installs };
}

const unreachable = async (): Promise<string> => {
  throw new ImmutableError(
    'DOWNLOAD_FAILED',
    'Cannot reach the Packer mirror https://releases.hashicorp.com (getaddrinfo ENOTFOUND releases.hashicorp.com) and no cached Packer satisfies ~1.9.',
  );
};

const APT_INSTALL = '/usr/bin/apt-get install -y -q --no-install-recommends packer';

describe('isDebianLike', () => {
  it.each([
    [DEBIAN, true],
    [UBUNTU, true],
    [MINT, true],
    [FEDORA, false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (text, expected) => {
    expect(isDebianLike(text)).toBe(expected);
  });
});

describe('ensurePacker', () => {
  it('uses the packer on PATH and installs nothing', async () => {
    const fake = fakeMachine({ answers: { 'packer version': [OK] } });
    await expect(ensurePacker(fake.machine)).resolves.toBe('packer');
    expect(fake.commands()).toEqual(['packer version']);
    expect(fake.installs).toEqual([]);
  });

  it("installs from the official releases with setup-packer's installer, a 1.9 Packer by default", async () => {
    const fake = fakeMachine();
    await expect(ensurePacker(fake.machine)).resolves.toBe('/cache/packer/1.9.5/x64/packer');
    expect(fake.installs).toEqual([
      { mirrorUrl: 'https://releases.hashicorp.com', version: DEMO_PACKER_VERSION },
    ]);
    expect(DEMO_PACKER_VERSION).toBe('~1.9');
    expect(fake.said).toEqual([
      "== packer is not on PATH: installing Packer ~1.9 from https://releases.hashicorp.com with setup-packer's installer (signature and SHA-256 verified)",
    ]);
    expect(fake.commands()).not.toContain(APT_INSTALL);
  });

  it('takes the mirror, version and key from the environment', async () => {
    const fake = fakeMachine({
      env: {
        PACKER_MIRROR_URL: 'http://mirror.internal',
        PACKER_VERSION: '1.6.6',
        PACKER_MIRROR_PUBLIC_KEY: 'KEY',
      },
    });
    await ensurePacker(fake.machine);
    expect(fake.installs).toEqual([
      { mirrorUrl: 'http://mirror.internal', version: '1.6.6', publicKey: 'KEY' },
    ]);
  });

  it('falls back to apt-get install packer as root on Debian when the releases are unreachable, and says so', async () => {
    const fake = fakeMachine({
      install: unreachable,
      answers: { [APT_INSTALL]: [OK] },
      files: ['/usr/bin/apt-get'],
      creates: { [APT_INSTALL]: ['/usr/bin/packer'] },
    });
    await expect(ensurePacker(fake.machine)).resolves.toBe('/usr/bin/packer');
    expect(fake.commands()).toEqual(['packer version', APT_INSTALL, 'packer version']);
    const apt = fake.calls[1]!;
    expect(apt.env).toMatchObject({
      DEBIAN_FRONTEND: 'noninteractive',
      PATH: expect.stringContaining('/usr/sbin'),
    });
    expect(fake.said[1]).toBe(
      "== Cannot reach the Packer mirror https://releases.hashicorp.com (getaddrinfo ENOTFOUND releases.hashicorp.com) and no cached Packer satisfies ~1.9. Falling back to the distribution's package: apt-get install packer (verified by apt, not by setup-packer)",
    );
  });

  it('runs apt-get update only when the first install fails (a fresh image has no package lists)', async () => {
    const fake = fakeMachine({
      install: unreachable,
      answers: {
        [APT_INSTALL]: [FAILED, OK],
        '/usr/bin/apt-get update -q': [OK],
        'packer version': [ABSENT, OK],
      },
      files: ['/usr/bin/apt-get'],
    });
    await expect(ensurePacker(fake.machine)).resolves.toBe('packer');
    expect(fake.commands()).toEqual([
      'packer version',
      APT_INSTALL,
      '/usr/bin/apt-get update -q',
      APT_INSTALL,
      'packer version',
    ]);
  });

  it('names what to do in one line when apt-get cannot install it either', async () => {
    const fake = fakeMachine({
      install: unreachable,
      answers: { [APT_INSTALL]: [FAILED], '/usr/bin/apt-get update -q': [FAILED] },
      files: ['/usr/bin/apt-get'],
    });
    const error = await ensurePacker(fake.machine).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Missing);
    expect((error as Error).message).toMatch(
      /^Packer is not on PATH, Cannot reach the Packer mirror .*, and apt-get install packer failed\. Install it \(Debian\/Ubuntu: apt-get install packer; .*PACKER_MIRROR_URL/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it.each([
    ['not root', { isRoot: false, osRelease: DEBIAN, files: ['/usr/bin/apt-get'] }],
    ['not Debian or Ubuntu', { isRoot: true, osRelease: FEDORA, files: ['/usr/bin/apt-get'] }],
    ['no apt-get', { isRoot: true, osRelease: DEBIAN, files: [] }],
  ])('does not touch apt when %s: one line instead', async (_why, machineOptions) => {
    const fake = fakeMachine({ install: unreachable, ...machineOptions });
    const error = await ensurePacker(fake.machine).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Missing);
    expect((error as Error).message).toMatch(
      /^Packer is not on PATH, and setup-packer could not install it: Cannot reach the Packer mirror https:\/\/releases\.hashicorp\.com .*\. Install it \(Debian\/Ubuntu: apt-get install packer;/,
    );
    expect(fake.commands().filter((c) => c.includes('apt-get'))).toEqual([]);
  });

  it('never falls back when verification fails: a bad signature is an answer, not an outage', async () => {
    const fake = fakeMachine({
      install: async () => {
        throw new ImmutableError(
          'VERIFY_FAILED',
          'packer_1.9.5_SHA256SUMS is not signed by the trusted key.',
        );
      },
      answers: { [APT_INSTALL]: [OK] },
      files: ['/usr/bin/apt-get'],
    });
    await expect(ensurePacker(fake.machine)).rejects.toThrow('not signed by the trusted key');
    expect(fake.commands()).toEqual(['packer version']);
  });
});

describe('ensureMoto', () => {
  const VENV = '/home/me/.cache/immutable/moto-venv';

  it("uses python3's moto, or moto_server on PATH, and installs nothing", () => {
    const module = fakeMachine({ answers: { [`python3 -c ${PYTHON3_HAS_MOTO_SERVER}`]: [OK] } });
    expect(ensureMoto(module.machine)).toBeUndefined();
    expect(module.commands()).toEqual([`python3 -c ${PYTHON3_HAS_MOTO_SERVER}`]);

    const onPath = fakeMachine({ answers: { 'moto_server --help': [OK] } });
    expect(ensureMoto(onPath.machine)).toBeUndefined();
    expect(onPath.commands()).toEqual([`python3 -c ${PYTHON3_HAS_MOTO_SERVER}`, 'moto_server --help']);
  });

  it('reuses the private venv an earlier run made', () => {
    const fake = fakeMachine({ files: [`${VENV}/bin/moto_server`] });
    expect(ensureMoto(fake.machine)).toBe(`${VENV}/bin`);
    expect(fake.commands()).not.toContain(`python3 -m venv ${VENV}`);
  });

  it('honours XDG_CACHE_HOME for the venv', () => {
    expect(motoVenvDir({ env: { XDG_CACHE_HOME: '/xdg' }, home: '/home/me' })).toBe(
      '/xdg/immutable/moto-venv',
    );
  });

  it('installs moto into a private venv with python3 -m venv and pip, and says so', () => {
    const fake = fakeMachine({
      answers: {
        'python3 --version': [OK],
        [`python3 -m venv ${VENV}`]: [OK],
        [`${VENV}/bin/pip install --quiet moto[server]`]: [OK],
      },
      creates: { [`${VENV}/bin/pip install --quiet moto[server]`]: [`${VENV}/bin/moto_server`] },
    });
    expect(ensureMoto(fake.machine)).toBe(`${VENV}/bin`);
    expect(fake.commands().slice(-2)).toEqual([
      `python3 -m venv ${VENV}`,
      `${VENV}/bin/pip install --quiet moto[server]`,
    ]);
    expect(fake.said).toEqual([
      `== moto is not installed: installing it into a private venv, ${VENV} (pip install 'moto[server]')`,
    ]);
  });

  it('removes the half-made venv and names the install in one line when pip cannot reach an index', () => {
    const fake = fakeMachine({
      answers: {
        'python3 --version': [OK],
        [`python3 -m venv ${VENV}`]: [OK],
        [`${VENV}/bin/pip install --quiet moto[server]`]: [
          {
            status: 1,
            output: 'WARNING: Retrying…\nERROR: No matching distribution found for moto[server]\n',
          },
        ],
      },
    });
    expect(() => ensureMoto(fake.machine)).toThrow(
      new Missing(
        "moto is not installed and pip could not install it (ERROR: No matching distribution found for moto[server]): install it with pip install 'moto[server]' (Python 3), then run npm run demo again.",
      ),
    );
    expect(fake.removed).toEqual([VENV]);
  });

  it('says what is missing when there is no python3 at all', () => {
    const fake = fakeMachine();
    expect(() => ensureMoto(fake.machine)).toThrow(
      /^moto is not installed and there is no python3: install it with pip/,
    );
    expect(fake.commands()).not.toContain(`python3 -m venv ${VENV}`);
  });
});

describe('prependPath', () => {
  it('puts the folder first', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/usr/bin' };
    prependPath(env, '/venv/bin');
    expect(env.PATH).toBe('/venv/bin:/usr/bin');
  });
});
