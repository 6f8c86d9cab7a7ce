import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { freePort } from './ports';

export interface Moto {
  endpoint: string;
  port: number;
  /** Environment for the SDK and for bundles: endpoint, dummy credentials, region. */
  env: Record<string, string>;
  reset(): Promise<void>;
  /** moto's own dump of everything it holds, used to prove that a refused input changed nothing. */
  state(): Promise<unknown>;
  stop(): Promise<void>;
}

const INSTALL_HINT = "moto_server not found: install it with `pip install 'moto[server]'` (see README).";

interface MotoCommand {
  command: string;
  args: string[];
}

/** moto-server.py: moto_server with what it works out for every request made once, and keep-alive. */
const MOTO_LAUNCHER = join(__dirname, '..', 'moto-server.py');
/** What moto-server.py exits with when python3 has no moto: the next command is tried. */
const MOTO_NOT_IMPORTABLE = 3;

let commands: MotoCommand[] | undefined;

/**
 * python3 with moto-server.py, then moto_server from PATH (a pipx install, or a python3 without moto).
 * Found without starting Python: by looking at PATH rather than running `moto_server --help`, which through
 * pyenv's shim costs seconds of Python for every start.
 */
function motoCommands(): MotoCommand[] {
  commands ??= [
    ...(onPath('python3') ? [{ command: 'python3', args: [MOTO_LAUNCHER] }] : []),
    ...(onPath('moto_server') ? [{ command: 'moto_server', args: [] }] : []),
  ];
  if (commands.length === 0) throw new Error(INSTALL_HINT);
  return commands;
}

function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Starts moto_server on a free loopback port and waits until it answers. With test files running in
 * parallel another process can take the port between choosing and binding it: then try another one.
 *
 * Under jest (test/moto-pool.mjs) a test file gets its worker's moto instead, reset to a fresh world: a
 * cold moto costs seconds of CPU to start and more to load each service on first use, once per worker
 * rather than once per file. A second moto in the same file is a new process, as without the pool.
 */
export async function startMoto(options: { region?: string } = {}): Promise<Moto> {
  const pooled = await leasePooledMoto(options.region);
  if (pooled) return pooled;
  const server = await spawnMotoServer();
  return motoHandle(server.port, options.region, server.stop);
}

interface MotoServer {
  port: number;
  pid: number | undefined;
  /** Lets the server outlive the test file that started it: its pipe holds nothing open. */
  detach(): void;
  stop(): Promise<void>;
}

async function spawnMotoServer(): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    const [command, ...others] = motoCommands();
    try {
      return await spawnMotoServerOnce(command!);
    } catch (error) {
      if (error instanceof MotoNotImportableError) {
        // This python3 has no moto: from now on, the next command only.
        if (others.length === 0) throw new Error(`${INSTALL_HINT} (${error.message})`, { cause: error });
        commands = others;
      } else if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}
class MotoNotImportableError extends Error {}

const START_TIMEOUT_MS = 120_000;

/**
 * moto's own default images (its ec2/resources/amis.json: the Amazon Linux 2 images makeAmi and the Packer
 * templates start from), without the ~1,100 region-specific and ECS-optimised ones it adds unless
 * MOTO_AMIS_PATH is set. Loading those took moto ~1.6 s of CPU at the first EC2 call of every region after
 * every reset, for each test file; with these it takes ~20 ms. A user's MOTO_AMIS_PATH is kept.
 */
const MOTO_AMIS = join(__dirname, '..', 'moto-amis.json');

async function spawnMotoServerOnce({ command, args }: MotoCommand): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(command, [...args, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { MOTO_AMIS_PATH: MOTO_AMIS, ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
  });
  let stderr = '';
  const collect = (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  };
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  // Python importing moto took over 30 s with typecheck, lint and the bundle build beside jest (load 22).
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `moto_server exited at start: ${stderr}`;
      if (child.exitCode === MOTO_NOT_IMPORTABLE) throw new MotoNotImportableError(stderr.trim());
      throw /address already in use/i.test(stderr) ? new PortTakenError(message) : new Error(message);
    }
    if (await answers(endpoint)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `moto_server did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000}s: ${stderr}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    pid: child.pid,
    detach() {
      child.stderr?.off('data', collect);
      child.stderr?.destroy();
      child.unref();
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/data.json`)).ok;
  } catch {
    return false; // not listening (yet, or any more)
  }
}

function motoHandle(port: number, regionOption: string | undefined, stop: () => Promise<void>): Moto {
  const endpoint = `http://127.0.0.1:${port}`;
  const region = regionOption ?? 'us-east-1';
  return {
    endpoint,
    port,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async state() {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      return response.json();
    },
    stop,
  };
}

/** The folder test/moto-pool.mjs made for this jest run: one `moto-<worker>.json` per worker that started one. */
export const MOTO_POOL_ENV = 'IMMUTABLE_MOTO_POOL';
// Per test file: jest gives each file its own module registry, so a file that ended without stopping its
// moto (a crash in beforeAll) does not keep the next file of its worker from the pool.
let poolLeased = false;

async function leasePooledMoto(region: string | undefined): Promise<Moto | undefined> {
  const pool = process.env[MOTO_POOL_ENV];
  if (!pool || poolLeased || !isJestProcess(pool)) return undefined;
  const record = join(pool, `moto-${process.env.JEST_WORKER_ID ?? '1'}.json`);
  let port = readPort(record);
  // The reset is the probe: what the file before left behind is gone, and moto keeps its loaded services,
  // which is the saving. (data.json as a probe made moto serialize all of that state first: 3 MB, 0.15 s.)
  if (port === undefined || !(await resets(`http://127.0.0.1:${port}`))) {
    const server = await spawnMotoServer();
    server.detach();
    writeFileSync(record, JSON.stringify({ port: server.port, pid: server.pid }));
    port = server.port;
  }
  poolLeased = true;
  return motoHandle(port, region, async () => {
    poolLeased = false;
  });
}

async function resets(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' })).ok;
  } catch {
    return false; // the worker's moto is gone
  }
}

/** Only the jest processes themselves share the pool, never a child they start (the demo starts its own). */
function isJestProcess(pool: string): boolean {
  const owner = readPort(join(pool, 'owner.json'), 'pid');
  if (owner === undefined) return false;
  // jest itself (one file, in band), or one of its workers; a child of jest in band is neither.
  const worker = /jest-worker[\\/]build[\\/](processChild|threadChild)\.js$/.test(process.argv[1] ?? '');
  return process.pid === owner || (process.ppid === owner && worker);
}

function readPort(file: string, key: 'port' | 'pid' = 'port'): number | undefined {
  try {
    const value = (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)[key];
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Points this process's SDK clients at moto, returning a function that restores the environment. */
export function useMotoEnv(moto: Pick<Moto, 'env'>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(moto.env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
