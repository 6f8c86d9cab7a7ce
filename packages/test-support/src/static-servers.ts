import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** A plain static file server on loopback, as people put in front of a copied release folder. */
export interface StaticServer {
  url: string;
  stop(): Promise<void>;
}

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  // By the clock, not a count of tries: on a loaded machine python3 alone can take seconds to start.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not listen on ${port} within 30 s`);
}

function stopper(child: ChildProcess, cleanup: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    cleanup();
  };
}

/** `python3 -m http.server`: HTTP/1.0, it closes the connection (FIN) after every answer. */
export async function startPythonHttpServer(root: string): Promise<StaticServer> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '-d', root], {
    stdio: 'ignore',
  });
  await waitForPort(port, child, 'python3 -m http.server');
  return { url: `http://127.0.0.1:${port}`, stop: stopper(child, () => {}) };
}

/** Debian's nginx as a non-daemon with its own prefix and config, on a free loopback port. */
export async function startNginx(root: string): Promise<StaticServer> {
  const port = await freePort();
  const prefix = mkdtempSync(join(tmpdir(), 'nginx-'));
  const config = join(prefix, 'nginx.conf');
  writeFileSync(
    config,
    [
      'daemon off;',
      // As root, nginx's workers would drop to nobody, who cannot read a 0700 temp folder.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      'error_log stderr error;',
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      '  default_type application/octet-stream;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (kind) => `  ${kind}_temp_path ${join(prefix, kind)};`,
      ),
      `  server { listen 127.0.0.1:${port}; root ${root}; }`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', config], { stdio: 'ignore' });
  await waitForPort(port, child, 'nginx');
  return {
    url: `http://127.0.0.1:${port}`,
    stop: stopper(child, () => rmSync(prefix, { recursive: true, force: true })),
  };
}
