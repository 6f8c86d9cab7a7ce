import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';

/**
 * A Packer release mirror laid out like releases.hashicorp.com (`packer/index.json`, `packer/<v>/<file>`),
 * served over local HTTP, with SHA256SUMS signed by a throwaway gpg key. The zips hold a real packer binary.
 */
export interface PackerMirror {
  /** Base URL, as the `mirror-url` input takes it. */
  url: string;
  root: string;
  versions: string[];
  /** The armored public key that signs every SHA256SUMS, for the `public-key` input. */
  publicKey: string;
  fingerprint: string;
  /** Another key, which `signSumsWithOtherKey` uses. */
  otherKeyFingerprint: string;
  /** HashiCorp's os/arch of this machine, the build the zips are named for. */
  os: string;
  arch: string;
  /** The SHA-256 of the genuine zip (every version shares it). */
  zipSha256: string;
  /** Every request the mirror answered, in order. */
  requests: { method: string; path: string; status: number }[];
  zipName(version: string): string;
  /** Replaces a version's zip with another (a shell script called packer); SHA256SUMS still names the real one. */
  tamperZip(version: string): string;
  /** Re-signs a version's SHA256SUMS with the other key. */
  signSumsWithOtherKey(version: string): void;
  stop(): Promise<void>;
}

export interface PackerMirrorOptions {
  versions: string[];
  /** The binary to put in each zip; Debian's packer package provides /usr/bin/packer. */
  binary?: string;
}

const ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
const OS: Record<string, string> = { linux: 'linux', darwin: 'darwin', win32: 'windows' };

/** Where index.json's absolute urls point: nowhere, so a client that follows them fails. */
export const UNREACHABLE_RELEASES = 'http://releases.invalid';

interface GpgKey {
  home: string;
  fingerprint: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: 'pipe' });
}

function makeGpgKey(home: string, name: string): GpgKey {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { GNUPGHOME: home };
  run(
    'gpg',
    [
      '--batch',
      '--passphrase',
      '',
      '--quick-gen-key',
      `${name} <${name}@mirror.test>`,
      'ed25519',
      'sign',
      'never',
    ],
    env,
  );
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(
    run('gpg', ['--batch', '--with-colons', '--list-keys'], env),
  )?.[1];
  if (!fingerprint) throw new Error(`gpg made no key in ${home}`);
  return { home, fingerprint };
}

function sign(key: GpgKey, file: string, signature: string): void {
  run('gpg', ['--batch', '--yes', '--local-user', key.fingerprint, '--detach-sign', '-o', signature, file], {
    GNUPGHOME: key.home,
  });
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export async function startPackerMirror(options: PackerMirrorOptions): Promise<PackerMirror> {
  const binary = options.binary ?? '/usr/bin/packer';
  if (!existsSync(binary))
    throw new Error(`${binary} is missing: install Debian's packer package (apt-get install packer).`);
  if (spawnSync('gpg', ['--version'], { stdio: 'ignore' }).status !== 0)
    throw new Error('gpg is missing (apt-get install gnupg).');
  if (spawnSync('zip', ['-v'], { stdio: 'ignore' }).status !== 0)
    throw new Error('zip is missing (apt-get install zip).');

  const root = mkdtempSync(join(tmpdir(), 'packer-mirror-'));
  const os = OS[process.platform] ?? process.platform;
  const arch = ARCH[process.arch] ?? process.arch;
  const signer = makeGpgKey(join(root, 'gnupg-signer'), 'mirror-signer');
  const other = makeGpgKey(join(root, 'gnupg-other'), 'someone-else');
  const publicKey = run('gpg', ['--batch', '--armor', '--export', signer.fingerprint], {
    GNUPGHOME: signer.home,
  });

  // One zip for every version: building it costs seconds, linking it costs nothing.
  const stage = join(root, 'stage');
  mkdirSync(stage);
  copyFileSync(binary, join(stage, 'packer'));
  const masterZip = join(root, 'packer.zip');
  run('zip', ['-q', '-1', '-j', '-X', masterZip, join(stage, 'packer')]);
  rmSync(stage, { recursive: true });
  const zipSha256 = sha256(masterZip);

  const packerDir = join(root, 'www', 'packer');
  const zipName = (version: string): string => `packer_${version}_${os}_${arch}.zip`;
  const sumsName = (version: string): string => `packer_${version}_SHA256SUMS`;
  const versionDir = (version: string): string => join(packerDir, version);
  const index: Record<string, unknown> = {};
  for (const version of options.versions) {
    mkdirSync(versionDir(version), { recursive: true });
    const zip = join(versionDir(version), zipName(version));
    try {
      linkSync(masterZip, zip);
    } catch {
      copyFileSync(masterZip, zip);
    }
    const sums = join(versionDir(version), sumsName(version));
    writeFileSync(sums, `${zipSha256}  ${zipName(version)}\n`);
    sign(signer, sums, `${sums}.sig`);
    const build = (buildOs: string, buildArch: string) => ({
      name: 'packer',
      version,
      os: buildOs,
      arch: buildArch,
      filename: `packer_${version}_${buildOs}_${buildArch}.zip`,
      url: `${UNREACHABLE_RELEASES}/packer/${version}/packer_${version}_${buildOs}_${buildArch}.zip`,
    });
    // A build for another platform first, so a client that takes builds[0] gets the wrong file.
    const decoy = os === 'darwin' ? build('linux', 'arm') : build('darwin', 'arm64');
    index[version] = {
      name: 'packer',
      version,
      shasums: sumsName(version),
      shasums_signature: `${sumsName(version)}.sig`,
      builds: [decoy, build(os, arch)],
    };
  }
  writeFileSync(join(packerDir, 'index.json'), JSON.stringify({ name: 'packer', versions: index }, null, 1));

  const requests: PackerMirror['requests'] = [];
  const www = join(root, 'www');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
    const file = normalize(join(www, path));
    const found = file.startsWith(www + '/') && existsSync(file) && statSync(file).isFile();
    requests.push({ method: req.method ?? 'GET', path, status: found ? 200 : 404 });
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  const url = await listen(server);

  return {
    url,
    root,
    versions: options.versions,
    publicKey,
    fingerprint: signer.fingerprint,
    otherKeyFingerprint: other.fingerprint,
    os,
    arch,
    zipSha256,
    requests,
    zipName,
    tamperZip(version) {
      const zip = join(versionDir(version), zipName(version));
      unlinkSync(zip); // it is a hard link to every other version's zip
      const evil = join(root, `evil-${version}`);
      mkdirSync(evil, { recursive: true });
      writeFileSync(join(evil, 'packer'), '#!/bin/sh\necho tampered\n', { mode: 0o755 });
      run('zip', ['-q', '-j', '-X', zip, join(evil, 'packer')]);
      return sha256(zip);
    },
    signSumsWithOtherKey(version) {
      const sums = join(versionDir(version), sumsName(version));
      sign(other, sums, `${sums}.sig`);
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      for (const key of [signer, other]) {
        spawnSync('gpgconf', ['--kill', 'gpg-agent'], {
          env: { ...process.env, GNUPGHOME: key.home },
          stdio: 'ignore',
        });
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

/** A forward HTTP proxy on loopback that records what it was asked for: CONNECT tunnels and absolute-form GETs. */
export interface RecordingProxy {
  url: string;
  /** `CONNECT 127.0.0.1:1234` or `GET http://127.0.0.1:1234/packer/index.json`. */
  requests: string[];
  stop(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res) => {
    requests.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      target,
      { method: req.method ?? 'GET', headers: { ...req.headers, host: target.host } },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    requests.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  const url = await listen(server);
  return {
    url,
    requests,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
