import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
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

function motoCommand(): { command: string; args: string[] } {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0) {
    return { command: 'moto_server', args: [] };
  }
  if (spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0) {
    return { command: 'python3', args: ['-m', 'moto.server'] };
  }
  throw new Error(INSTALL_HINT);
}

/**
 * Starts moto_server on a free loopback port and waits until it answers. With test files running in
 * parallel another process can take the port between choosing and binding it: then try another one.
 */
export async function startMoto(options: { region?: string } = {}): Promise<Moto> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startMotoOnce(options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startMotoOnce(options: { region?: string }): Promise<Moto> {
  const { command, args } = motoCommand();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(command, [...args, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'false' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `moto_server exited at start: ${stderr}`;
      throw /address already in use/i.test(stderr) ? new PortTakenError(message) : new Error(message);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint} within 30s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const region = options.region ?? 'us-east-1';
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
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  };
}

/** Points this process's SDK clients at moto, returning a function that restores the environment. */
export function useMotoEnv(moto: Moto): () => void {
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
