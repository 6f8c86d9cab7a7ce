import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
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
  /** The version the real binary reports (`packer version`); that release holds the real binary. */
  realVersion: string;
  /** The folder served at the mirror's root, for other servers (python, nginx) to serve. */
  www: string;
  /** The SHA-256 of a version's genuine zip. */
  zipSha256(version: string): string;
  /** The SHA-256 of the packer a version's genuine zip holds. */
  binarySha256(version: string): string;
  /** Every request the mirror answered, in order. */
  requests: { method: string; path: string; status: number; authorization?: string }[];
  zipName(version: string): string;
  /** Replaces a version's zip with another (a shell script called packer); SHA256SUMS still names the real one. */
  tamperZip(version: string): string;
  /** Re-signs a version's SHA256SUMS with the other key. */
  signSumsWithOtherKey(version: string): void;
  /** Publishes a zip of these entries as the version's, with SHA256SUMS re-made and signed by the mirror key. */
  publishZip(version: string, entries: ZipEntrySpec[]): void;
  /** Publishes `from`'s genuine zip under `to`'s names, signed: a downgrade only the binary itself can reveal. */
  republish(from: string, to: string): void;
  /** Sets (or replaces) a version's entry in index.json. */
  setIndexEntry(version: string, entry: unknown): void;
  /** Answers the next requests for `path` with these statuses, one each, before serving it again. */
  failNext(path: string, ...statuses: number[]): void;
  /** Answers `path` with a 302 to `location` until cleared with undefined. */
  redirect(path: string, location: string | undefined): void;
  stop(): Promise<void>;
}

/** One entry of a zip built by `publishZip`. */
export type ZipEntrySpec =
  | { name: string; text: string; mode?: number }
  | { name: string; copyOf: string; mode?: number }
  /** A file of this many zero bytes: compresses to almost nothing, a zip bomb in small. */
  | { name: string; zeros: number }
  | { name: string; symlinkTo: string }
  | { name: string; directory: true };

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

  // The real binary goes only into the release it really is: setup-packer checks `packer version`. Every
  // other release holds a small script that answers `packer version` as that release and runs the real one.
  const realVersion = /^Packer v(\S+)/.exec(run(binary, ['version'], { CHECKPOINT_DISABLE: '1' }))?.[1];
  if (!realVersion) throw new Error(`${binary} version printed no version`);
  const stageZip = (version: string, zip: string): string => {
    const stage = join(root, `stage-${version}`);
    mkdirSync(stage);
    if (version === realVersion) copyFileSync(binary, join(stage, 'packer'));
    else
      writeFileSync(
        join(stage, 'packer'),
        `#!/bin/sh\nif [ "$1" = version ]; then echo "Packer v${version}"; exit 0; fi\nexec ${binary} "$@"\n`,
        { mode: 0o755 },
      );
    const binarySha = sha256(join(stage, 'packer'));
    run('zip', ['-q', '-1', '-j', '-X', zip, join(stage, 'packer')]);
    rmSync(stage, { recursive: true });
    return binarySha;
  };
  const zipShas = new Map<string, string>();
  const binaryShas = new Map<string, string>();

  const packerDir = join(root, 'www', 'packer');
  const zipName = (version: string): string => `packer_${version}_${os}_${arch}.zip`;
  const sumsName = (version: string): string => `packer_${version}_SHA256SUMS`;
  const versionDir = (version: string): string => join(packerDir, version);
  const index: Record<string, unknown> = {};
  for (const version of options.versions) {
    mkdirSync(versionDir(version), { recursive: true });
    const zip = join(versionDir(version), zipName(version));
    binaryShas.set(version, stageZip(version, zip));
    zipShas.set(version, sha256(zip));
    const sums = join(versionDir(version), sumsName(version));
    writeFileSync(sums, `${zipShas.get(version)}  ${zipName(version)}\n`);
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
  const writeIndex = () =>
    writeFileSync(
      join(packerDir, 'index.json'),
      JSON.stringify({ name: 'packer', versions: index }, null, 1),
    );
  writeIndex();

  const requests: PackerMirror['requests'] = [];
  const failures = new Map<string, number[]>();
  const redirects = new Map<string, string>();
  const www = join(root, 'www');
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://mirror').pathname);
    const file = normalize(join(www, path));
    const found = file.startsWith(www + '/') && existsSync(file) && statSync(file).isFile();
    const authorization = req.headers.authorization;
    const record = (status: number) =>
      requests.push({
        method: req.method ?? 'GET',
        path,
        status,
        ...(authorization ? { authorization } : {}),
      });
    const failure = failures.get(path)?.shift();
    if (failure) {
      record(failure);
      res.writeHead(failure, { 'content-type': 'text/plain' }).end('injected failure');
      return;
    }
    const location = redirects.get(path);
    if (location) {
      record(302);
      res.writeHead(302, { location }).end();
      return;
    }
    record(found ? 200 : 404);
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
    realVersion,
    www,
    zipSha256: (version) => zipShas.get(version) ?? '',
    binarySha256: (version) => binaryShas.get(version) ?? '',
    requests,
    zipName,
    publishZip(version, entries) {
      mkdirSync(versionDir(version), { recursive: true });
      const zip = join(versionDir(version), zipName(version));
      rmSync(zip, { force: true });
      const spec = join(root, `zip-${version}.json`);
      writeFileSync(spec, JSON.stringify({ zip, entries }));
      run('python3', ['-c', PYTHON_ZIP_WRITER, spec]);
      index[version] ??= { name: 'packer', version, builds: [{ os, arch, filename: zipName(version) }] };
      writeIndex();
      const sums = join(versionDir(version), sumsName(version));
      writeFileSync(sums, `${sha256(zip)}  ${zipName(version)}\n`);
      sign(signer, sums, `${sums}.sig`);
    },
    republish(from, to) {
      mkdirSync(versionDir(to), { recursive: true });
      const zip = join(versionDir(to), zipName(to));
      copyFileSync(join(versionDir(from), zipName(from)), zip);
      const sums = join(versionDir(to), sumsName(to));
      writeFileSync(sums, `${sha256(zip)}  ${zipName(to)}\n`);
      sign(signer, sums, `${sums}.sig`);
    },
    setIndexEntry(version, entry) {
      index[version] = entry;
      writeIndex();
    },
    failNext(path, ...statuses) {
      failures.set(path, [...(failures.get(path) ?? []), ...statuses]);
    },
    redirect(path, location) {
      if (location === undefined) redirects.delete(path);
      else redirects.set(path, location);
    },
    tamperZip(version) {
      const zip = join(versionDir(version), zipName(version));
      unlinkSync(zip);
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

/** Writes a zip from a JSON spec with Python's zipfile, which can make what `zip` will not: `../x`, symlinks. */
const PYTHON_ZIP_WRITER = `
import json, sys, zipfile
spec = json.load(open(sys.argv[1]))
with zipfile.ZipFile(spec['zip'], 'w', zipfile.ZIP_DEFLATED) as z:
    for e in spec['entries']:
        info = zipfile.ZipInfo(e['name'])
        info.create_system = 3
        if 'symlinkTo' in e:
            info.external_attr = (0o120777 << 16)
            z.writestr(info, e['symlinkTo'])
        elif e.get('directory'):
            info.external_attr = (0o40755 << 16)
            z.writestr(info, b'')
        else:
            info.external_attr = ((0o100000 | e.get('mode', 0o755)) << 16)
            info.compress_type = zipfile.ZIP_DEFLATED
            if 'zeros' in e:
                with z.open(info, 'w', force_zip64=True) as out:
                    block = bytes(1 << 20)
                    left = e['zeros']
                    while left > 0:
                        out.write(block[:min(left, len(block))])
                        left -= len(block)
            elif 'copyOf' in e:
                z.writestr(info, open(e['copyOf'], 'rb').read())
            else:
                z.writestr(info, e['text'])
`;

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
