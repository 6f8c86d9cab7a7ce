import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startPackerMirror, type PackerMirror } from '@immutable-actions/test-support';

// `npm run demo` as a person runs it: a child process with real moto and real Packer, then what it left behind.
const ROOT = join(__dirname, '..', '..', '..', '..');

interface DemoRun {
  code: number | null;
  output: string;
  port: number;
  temp: string;
}

function runDemo(options: { env?: NodeJS.ProcessEnv; interruptAfter?: RegExp } = {}): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    // As `npm run demo` does: tsx as a loader, not its CLI, whose wrapper gives the child only 30 ms to
    // acknowledge a forwarded SIGINT before it exits 130 itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/run.ts'], {
      cwd: ROOT,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let interrupted = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.interruptAfter && !interrupted && options.interruptAfter.test(output)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({
        code,
        output,
        port: Number(/moto_server port (\d+)/.exec(output)?.[1] ?? NaN),
        temp: /== Working in (\S+)/.exec(output)?.[1] ?? '',
      }),
    );
  });
}

/** moto_server processes listening on this port: the demo's own, if it left one. */
function motoProcessesOn(port: number): string[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const isMoto = argv.some((arg) => /moto/.test(arg));
        return isMoto && argv.includes('-p') && argv[argv.indexOf('-p') + 1] === String(port)
          ? [`${pid}: ${argv.join(' ')}`]
          : [];
      } catch {
        return []; // exited while we looked
      }
    });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The table printed under a `-- <title>` heading, as lines: `group state ami`. */
function clusterAfter(output: string, title: string): string[] {
  const at = output.indexOf(`\n-- ${title}`);
  if (at < 0) throw new Error(`no "-- ${title}" in the demo's output`);
  const block = output.slice(at + 1).split('\n\n')[0] ?? '';
  return block
    .split('\n')
    .slice(1)
    .filter((line) => /^shop-demo-v\d{3}\s/.test(line) || /^cluster shop-demo: no groups$/.test(line))
    .map((line) => (line.startsWith('cluster ') ? line : line.split(/\s+/).slice(0, 3).join(' ')));
}

async function expectCleanedUp(run: DemoRun): Promise<void> {
  expect(run.port).toBeGreaterThan(0);
  expect(motoProcessesOn(run.port)).toEqual([]);
  expect(await listening(run.port)).toBe(false);
  expect(run.temp).toMatch(/immutable-demo-/);
  expect(existsSync(run.temp)).toBe(false);
}

describe('npm run demo', () => {
  it('bakes twice with real Packer, deploys red/black twice, rolls back, and leaves nothing running', async () => {
    const run = await runDemo();
    expect(run.output).not.toContain('demo failed');
    expect(run.code).toBe(0);

    const baked = [...run.output.matchAll(/== Baked (ami-[0-9a-f]+) with Packer (\d+\.\d+\.\d+)/g)].map(
      (m) => m[1],
    );
    expect(baked).toHaveLength(2);
    const [one, two] = baked;
    expect(one).not.toBe(two);
    // Packer itself ran: its own lines, not a fixture's.
    expect(run.output.match(/==> amazon-ebs\.shop: Creating AMI shop-/g)).toHaveLength(2);

    expect(clusterAfter(run.output, 'cluster before the first deploy')).toEqual([
      'cluster shop-demo: no groups',
    ]);
    expect(clusterAfter(run.output, 'cluster after deploy 1')).toEqual([`shop-demo-v000 serving ${one}`]);
    expect(clusterAfter(run.output, 'cluster after deploy 2')).toEqual([
      `shop-demo-v000 disabled ${one}`,
      `shop-demo-v001 serving ${two}`,
    ]);
    expect(clusterAfter(run.output, 'cluster after the rollback')).toEqual([
      `shop-demo-v000 serving ${one}`,
      `shop-demo-v001 disabled ${two}`,
    ]);
    expect(run.output).toContain('Rolled back shop-demo: shop-demo-v000 serves, shop-demo-v001 is disabled');
    expect(run.output).toMatch(/== Done in \d+\.\ds\./);
    // How long it takes is the bench's to say: under a loaded machine a timed assertion only flakes.
    await expectCleanedUp(run);
  });

  it('Ctrl-C mid-run stops it with one line, and moto and the temp folder are still cleaned up', async () => {
    const run = await runDemo({ interruptAfter: /== Deploy 1: / });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/\ndemo failed: [^\n]*SIGINT[^\n]*\n$/);
    expect(run.output).not.toContain('cluster after deploy 2');
    await expectCleanedUp(run);
  });

  describe('without packer on PATH', () => {
    let bin: string;
    let mirror: PackerMirror | undefined;
    let toolCache: string;

    beforeAll(() => {
      // PATH with node and moto_server only: the demo must find Packer some other way.
      bin = mkdtempSync(join(tmpdir(), 'demo-path-'));
      toolCache = join(bin, 'tool-cache');
      mkdirSync(toolCache);
      symlinkSync(process.execPath, join(bin, 'node'));
      const moto = spawnSync('sh', ['-c', 'pyenv which moto_server 2>/dev/null || command -v moto_server'], {
        encoding: 'utf8',
      }).stdout.trim();
      if (moto) symlinkSync(moto, join(bin, 'moto_server'));
    });

    afterAll(async () => {
      await mirror?.stop();
      rmSync(bin, { recursive: true, force: true });
    });

    // Real apt only where it changes nothing: root on Debian with Debian's packer already installed (this
    // machine). The order of attempts everywhere else is unit-tested in demo/test/unit/prerequisites.test.ts.
    const aptIsANoOp =
      process.getuid?.() === 0 &&
      spawnSync('dpkg-query', ['-W', '-f=${Status}', 'packer'], { encoding: 'utf8' }).stdout ===
        'install ok installed';
    (aptIsANoOp ? it : it.skip)(
      'falls back to apt-get install packer, and says so, when the release mirror is unreachable',
      async () => {
        // A port nothing listens on stands for the official releases out of reach.
        const closed = `http://127.0.0.1:${await freePort()}`;
        const run = await runDemo({
          env: {
            ...process.env,
            PATH: bin,
            PACKER_MIRROR_URL: closed,
            RUNNER_TOOL_CACHE: toolCache,
            // Every download attempt is kept; only the waits between them (1 s, 2 s, 4 s) are shortened.
            IMMUTABLE_DOWNLOAD_BACKOFF_MS: '10',
          },
        });
        expect(run.output).not.toContain('demo failed');
        expect(run.code).toBe(0);
        expect(run.output).toContain(
          `== packer is not on PATH: installing Packer ~1.9 from ${closed} with setup-packer's installer`,
        );
        expect(run.output).toMatch(
          /== Cannot reach the Packer mirror http:\/\/127\.0\.0\.1:\d+ .*Falling back to the distribution's package: apt-get install packer/,
        );
        expect(run.output).toContain('(Packer from /usr/bin/packer)');
        expect(clusterAfter(run.output, 'cluster after the rollback')).toHaveLength(2);
        await expectCleanedUp(run);
      },
    );

    it("installs it with setup-packer's installer from PACKER_MIRROR_URL, then runs the whole demo", async () => {
      const packer = spawnSync('sh', ['-c', 'command -v packer'], { encoding: 'utf8' }).stdout.trim();
      mirror = await startPackerMirror({ versions: ['1.6.6'], binary: packer });
      const run = await runDemo({
        env: {
          ...process.env,
          PATH: bin,
          PACKER_MIRROR_URL: mirror.url,
          PACKER_VERSION: '1.6.6',
          PACKER_MIRROR_PUBLIC_KEY: mirror.publicKey,
          RUNNER_TOOL_CACHE: toolCache,
        },
      });
      expect(run.output).not.toContain('demo failed');
      expect(run.code).toBe(0);
      expect(run.output).toContain(
        `packer is not on PATH: installing Packer 1.6.6 from ${mirror.url} with setup-packer's installer`,
      );
      expect(run.output).toContain(`(Packer from ${join(toolCache, 'packer', '1.6.6')}`);
      expect(mirror.requests.map((r) => `${r.status} ${r.path}`)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^200 \/packer\/1\.6\.6\/packer_1\.6\.6_.*\.zip$/)]),
      );
      expect(clusterAfter(run.output, 'cluster after the rollback')).toHaveLength(2);
      await expectCleanedUp(run);
    });
  });
});
