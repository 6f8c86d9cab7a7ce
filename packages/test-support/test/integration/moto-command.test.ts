import { execSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { readdirSync, readFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MOTO_POOL_ENV, type Moto } from '../../src';
import type * as MotoModule from '../../src/moto';

// Which moto startMoto runs: python3 with moto-server.py (moto with its per-request lookups memoized), or
// moto_server from PATH when that python3 has no moto. Each case gets a module of its own (the command is
// found once per module) and no pool, so that it really starts a server.
const launcher = join(__dirname, '..', '..', 'moto-server.py');

function commandLineOf(port: number): string {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.includes(String(port)) && argv.includes('-p')) return argv.join(' ');
    } catch {
      // gone meanwhile
    }
  }
  return '';
}

async function startWithPath(path: string): Promise<Moto> {
  const saved = { path: process.env.PATH, pool: process.env[MOTO_POOL_ENV] };
  process.env.PATH = path;
  delete process.env[MOTO_POOL_ENV];
  try {
    let start!: typeof MotoModule.startMoto;
    jest.isolateModules(() => {
      ({ startMoto: start } = jest.requireActual<typeof MotoModule>('../../src/moto'));
    });
    return await start();
  } finally {
    process.env.PATH = saved.path;
    if (saved.pool !== undefined) process.env[MOTO_POOL_ENV] = saved.pool;
  }
}

async function answers(moto: Moto): Promise<boolean> {
  return (await fetch(`${moto.endpoint}/moto-api/data.json`)).ok;
}

test('runs python3 with moto-server.py when python3 has moto', async () => {
  const moto = await startWithPath(process.env.PATH ?? '');
  try {
    expect(await answers(moto)).toBe(true);
    expect(commandLineOf(moto.port)).toContain(launcher);
  } finally {
    await moto.stop();
  }
});

/** Sends requests one after the other through one kept-alive socket: each one's status, body and socket reuse. */
async function sendInTurn(
  moto: Moto,
  requests: { method: string; path: string; body?: string }[],
): Promise<{ status: number; body: string; reusedSocket: boolean }[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const replies: { status: number; body: string; reusedSocket: boolean }[] = [];
  try {
    for (const { method, path, body } of requests) {
      replies.push(
        await new Promise((resolve, reject) => {
          const req = request(`${moto.endpoint}${path}`, {
            method,
            agent,
            headers: body
              ? {
                  'content-type': 'application/x-www-form-urlencoded',
                  'content-length': String(Buffer.byteLength(body)),
                  // moto picks the service from the credential scope; it checks no signature.
                  authorization: `AWS4-HMAC-SHA256 Credential=testing/20261203/us-east-1/autoscaling/aws4_request, SignedHeaders=host, Signature=0`,
                }
              : {},
          });
          req.once('error', reject);
          req.once('response', (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.once('end', () =>
              resolve({ status: res.statusCode ?? 0, body: text, reusedSocket: req.reusedSocket }),
            );
          });
          req.end(body);
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  return replies;
}

test("moto-server.py keeps a client's connection for its next request, each body read whole", async () => {
  const moto = await startWithPath(process.env.PATH ?? '');
  try {
    // Werkzeug alone closes every connection; a body left unread would be taken for the next request line.
    const query = (action: string) =>
      `Action=${action}&Version=2011-01-01&AutoScalingGroupNames.member.1=none`;
    const replies = await sendInTurn(moto, [
      { method: 'POST', path: '/moto-api/reset' },
      { method: 'POST', path: '/', body: query('DescribeAutoScalingGroups') },
      { method: 'POST', path: '/', body: query('DescribeAutoScalingGroups') },
      { method: 'GET', path: '/moto-api/data.json' },
    ]);
    expect(replies.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(replies.map((a) => a.reusedSocket)).toEqual([false, true, true, true]);
    expect(replies[1]?.body).toContain('<DescribeAutoScalingGroupsResult>');
    const withoutRequestId = (body = '') => body.replace(/<RequestId>[^<]*</, '<RequestId><');
    expect(withoutRequestId(replies[2]?.body)).toBe(withoutRequestId(replies[1]?.body));
  } finally {
    await moto.stop();
  }
});

test('falls back to moto_server on PATH when python3 has no moto', async () => {
  const bin = mkdtempSync(join(tmpdir(), 'moto-command-'));
  try {
    // This machine's python3 without site-packages (so without moto), then the real moto_server (not
    // pyenv's shim).
    const python = execSync('python3 -c "import sys; print(sys.executable)"', { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'python3'), `#!/bin/sh\nexec '${python}' -S "$@"\n`, { mode: 0o755 });
    const motoServer = execSync('pyenv which moto_server 2>/dev/null || command -v moto_server', {
      encoding: 'utf8',
    }).trim();
    symlinkSync(motoServer, join(bin, 'moto_server'));
    const moto = await startWithPath(`${bin}:/usr/bin:/bin`);
    try {
      expect(await answers(moto)).toBe(true);
      expect(commandLineOf(moto.port)).not.toContain('moto-server.py');
    } finally {
      await moto.stop();
    }
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
