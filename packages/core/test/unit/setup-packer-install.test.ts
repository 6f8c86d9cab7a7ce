import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import * as openpgp from 'openpgp';
import {
  installPacker,
  isImmutableError,
  parseSetupPackerOptions,
  type HttpGet,
  type InstallEnvironment,
  type Logger,
} from '../../src';

// installPacker with the network replaced by a table of files and a fake platform: pure and fast, keys made
// by openpgp in memory. The bundle's integration test covers the same paths against real HTTP and gpg.

/** A zip with stored (uncompressed) entries and Unix modes, enough for yauzl. */
function storedZip(entries: { name: string; data: Buffer; mode: number; type?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode, type = 0o100000 } of entries) {
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode in the upper attribute bits counts
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(((type | mode) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

async function makeKey(name: string) {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email: `${name}@test` }],
    format: 'armored',
  });
  const key = await openpgp.readPrivateKey({ armoredKey: privateKey });
  return { armored: publicKey, fingerprint: key.getFingerprint().toUpperCase(), key };
}

async function detachedSignature(text: string, key: openpgp.PrivateKey): Promise<Buffer> {
  const signature = await openpgp.sign({
    message: await openpgp.createMessage({ binary: Buffer.from(text) }),
    signingKeys: key,
    detached: true,
    format: 'binary',
  });
  return Buffer.from(signature as Uint8Array);
}

const MIRROR = 'https://mirror.test/hashicorp';
/** A stand-in binary that answers `packer version` as the given release would. */
const packerScript = (version: string): Buffer => Buffer.from(`#!/bin/sh\necho "Packer v${version}"\n`);
const PACKER = packerScript('1.11.2');

interface FakeMirror {
  files: Map<string, Buffer>;
  requests: string[];
  /** The Authorization header of each request, in order. */
  authorizations: (string | undefined)[];
  http: HttpGet;
  down: boolean;
  /** Statuses to answer a URL with, one per request, before its file. */
  failures: Map<string, number[]>;
  redirects: Map<string, string>;
}

function fakeMirror(): FakeMirror {
  const mirror: FakeMirror = {
    files: new Map(),
    requests: [],
    authorizations: [],
    down: false,
    failures: new Map(),
    redirects: new Map(),
    http: async (url, options) => {
      mirror.requests.push(url.replace(`${MIRROR}/packer/`, ''));
      mirror.authorizations.push(options.authorization);
      if (mirror.down) throw Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' });
      const failure = mirror.failures.get(url)?.shift();
      if (failure) return { status: failure, statusText: 'Service Unavailable', location: undefined };
      const location = mirror.redirects.get(url);
      if (location) return { status: 302, statusText: 'Found', location };
      const body = mirror.files.get(url);
      if (!body) return { status: 404, statusText: 'Not Found', location: undefined };
      for (let at = 0; at < body.length; at += 1000) options.onData(body.subarray(at, at + 1000));
      return { status: 200, statusText: 'OK', location: undefined };
    },
  };
  return mirror;
}

let signer: Awaited<ReturnType<typeof makeKey>>;
let stranger: Awaited<ReturnType<typeof makeKey>>;
const zipOf = (version: string): Buffer =>
  storedZip([
    { name: 'packer', data: packerScript(version), mode: 0o755 },
    { name: 'LICENSE.txt', data: Buffer.from('MPL'), mode: 0o644 },
  ]);
const goodZip = zipOf('1.11.2');

beforeAll(async () => {
  [signer, stranger] = await Promise.all([makeKey('signer'), makeKey('stranger')]);
});

/** Publishes a release: zip, SHA256SUMS over `sumsOf` (the zip itself by default), and its signature. */
async function publish(
  mirror: FakeMirror,
  version: string,
  options: { zip?: Buffer; sumsOf?: Buffer; signWith?: openpgp.PrivateKey; sums?: string } = {},
): Promise<void> {
  const zipName = `packer_${version}_linux_amd64.zip`;
  const zip = options.zip ?? zipOf(version);
  const sums = options.sums ?? `${sha256(options.sumsOf ?? zip)}  ${zipName}\n`;
  mirror.files.set(`${MIRROR}/packer/${version}/${zipName}`, zip);
  mirror.files.set(`${MIRROR}/packer/${version}/packer_${version}_SHA256SUMS`, Buffer.from(sums));
  mirror.files.set(
    `${MIRROR}/packer/${version}/packer_${version}_SHA256SUMS.sig`,
    await detachedSignature(sums, options.signWith ?? signer.key),
  );
  const indexUrl = `${MIRROR}/packer/index.json`;
  const index = JSON.parse(mirror.files.get(indexUrl)?.toString() ?? '{"versions":{}}');
  index.versions[version] = {
    version,
    builds: [{ os: 'linux', arch: 'amd64', filename: zipName, url: `https://wrong.invalid/${zipName}` }],
  };
  mirror.files.set(indexUrl, Buffer.from(JSON.stringify(index)));
}

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setup(mirror: FakeMirror, root = mkdtempSync(join(tmpdir(), 'tool-cache-'))) {
  scratch.push(root);
  const warnings: string[] = [];
  const waits: number[] = [];
  const logger: Logger = { info: () => {}, warn: (m) => warnings.push(m), debug: () => {} };
  const environment: InstallEnvironment = {
    http: mirror.http,
    sleep: async (ms) => void waits.push(ms),
    toolCacheRoot: root,
    platform: 'linux',
    arch: 'x64',
    tempDir: join(root, 'temp'),
    logger,
  };
  const install = (inputs: Parameters<typeof parseSetupPackerOptions>[0]) =>
    installPacker(
      parseSetupPackerOptions({ mirrorUrl: MIRROR, publicKey: signer.armored, ...inputs }),
      environment,
    );
  return { root, warnings, waits, install, environment };
}

async function refusal(
  promise: Promise<unknown>,
  code: Parameters<typeof isImmutableError>[1],
): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isImmutableError(error, code)).toBe(true);
  return (error as Error).message;
}

describe('installPacker', () => {
  it('installs the newest release into the tool cache layout, keeping the exec bit, marker last', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.10.0');
    await publish(mirror, '1.11.2');
    await publish(mirror, '1.12.0-rc1');
    const { root, install } = setup(mirror);

    const installed = await install({ version: 'latest' });

    const dir = join(root, 'packer', '1.11.2', 'x64');
    expect(installed).toEqual({ version: '1.11.2', path: dir, binary: join(dir, 'packer'), cacheHit: false });
    expect(readFileSync(join(dir, 'packer'))).toEqual(PACKER);
    expect(statSync(join(dir, 'packer')).mode & 0o777).toBe(0o755);
    expect(readdirSync(dir)).toEqual(['packer']); // the licence is allowed in the zip, not installed
    expect(existsSync(`${dir}.complete`)).toBe(true);
    expect(readdirSync(join(root, 'packer', '1.11.2')).sort()).toEqual(['x64', 'x64.complete']);
    expect(mirror.requests).toEqual([
      'index.json',
      '1.11.2/packer_1.11.2_SHA256SUMS',
      '1.11.2/packer_1.11.2_SHA256SUMS.sig',
      '1.11.2/packer_1.11.2_linux_amd64.zip',
    ]);
  });

  it('hits the cache by resolved version: latest needs only index.json, an exact version nothing', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const { install } = setup(mirror);
    await install({ version: '1.11.2' });
    mirror.requests.length = 0;

    expect(await install({ version: 'latest' })).toMatchObject({ version: '1.11.2', cacheHit: true });
    expect(mirror.requests).toEqual(['index.json']);
    mirror.requests.length = 0;
    mirror.down = true;
    expect(await install({ version: '1.11.2' })).toMatchObject({ version: '1.11.2', cacheHit: true });
    expect(mirror.requests).toEqual([]);
  });

  it('does not count a folder without its marker (a crashed install) as cached', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const { root, install } = setup(mirror);
    const dir = join(root, 'packer', '1.11.2', 'x64');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'packer'), 'half a binary');

    expect(await install({ version: '1.11.2' })).toMatchObject({ cacheHit: false });
    expect(readFileSync(join(dir, 'packer'))).toEqual(PACKER);
  });

  it('refuses SHA256SUMS whose signature does not verify, though the signer is the trusted key', async () => {
    // The peer's check passes this one: openpgp.verify() resolves, only signatures[0].verified rejects.
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const sumsUrl = `${MIRROR}/packer/1.11.2/packer_1.11.2_SHA256SUMS`;
    mirror.files.set(sumsUrl, Buffer.from(`${sha256('other bytes')}  packer_1.11.2_linux_amd64.zip\n`));
    const { root, install } = setup(mirror);

    const message = await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED');
    expect(message).toMatch(
      new RegExp(
        `^Refusing packer_1.11.2_SHA256SUMS: the signature in packer_1.11.2_SHA256SUMS.sig by key ${signer.fingerprint.slice(-16)} does not verify against ${signer.fingerprint} \\(.+\\)\\.$`,
      ),
    );
    expect(mirror.requests).not.toContain('1.11.2/packer_1.11.2_linux_amd64.zip');
    expect(existsSync(join(root, 'packer', '1.11.2'))).toBe(false);
  });

  it('refuses SHA256SUMS signed by another key, naming both keys', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2', { signWith: stranger.key });
    const { install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      `Refusing packer_1.11.2_SHA256SUMS: packer_1.11.2_SHA256SUMS.sig was signed by key ${stranger.fingerprint.slice(-16)}, not by the trusted key ${signer.fingerprint}.`,
    );
  });

  it('refuses a zip whose SHA-256 differs from SHA256SUMS, naming the file and both hashes', async () => {
    const mirror = fakeMirror();
    const tampered = storedZip([
      { name: 'packer', data: Buffer.from('#!/bin/sh\necho pwned\n'), mode: 0o755 },
    ]);
    await publish(mirror, '1.11.2', { zip: tampered, sumsOf: goodZip });
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      `Refusing packer_1.11.2_linux_amd64.zip: SHA-256 mismatch, expected ${sha256(goodZip)} (from packer_1.11.2_SHA256SUMS) but the download is ${sha256(tampered)}.`,
    );
    expect(existsSync(join(root, 'packer', '1.11.2'))).toBe(false);
  });

  it('refuses a zip that SHA256SUMS does not list', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2', { sums: `${sha256(goodZip)}  packer_1.11.2_darwin_arm64.zip\n` });
    const { install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      'Refusing packer_1.11.2_linux_amd64.zip: packer_1.11.2_SHA256SUMS has no entry for it.',
    );
  });

  it('refuses a verified zip that holds no packer binary', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2', {
      zip: storedZip([{ name: 'LICENSE.txt', data: Buffer.from('x'), mode: 0o644 }]),
    });
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      'Refusing packer_1.11.2_linux_amd64.zip: it holds no packer (it holds LICENSE.txt).',
    );
    expect(readdirSync(join(root, 'packer', '1.11.2'))).toEqual([]);
  });

  it('with verify false, skips only the signature: a mirror without .sig files works, hashes still count', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    mirror.files.delete(`${MIRROR}/packer/1.11.2/packer_1.11.2_SHA256SUMS.sig`);
    const { install, warnings } = setup(mirror);
    expect(await install({ version: '1.11.2', verify: 'false' })).toMatchObject({ version: '1.11.2' });
    expect(warnings).toEqual([
      'verify is false: the signature of packer_1.11.2_SHA256SUMS is not checked (the zip is still checked against it).',
    ]);
  });

  it('names an unknown version and the index it looked in', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const { install } = setup(mirror);
    expect(await refusal(install({ version: '~1.13' }), 'NOT_FOUND')).toBe(
      `No Packer version matches ~1.13 in ${MIRROR}/packer/index.json (newest listed: 1.11.2).`,
    );
  });

  it('when the mirror is down, uses a cached version satisfying the range and warns; else fails naming the mirror', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.10.3');
    const { install, warnings, waits } = setup(mirror);
    await install({ version: '1.10.3' });
    mirror.down = true;

    expect(await install({ version: '~1.10' })).toMatchObject({ version: '1.10.3', cacheHit: true });
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(warnings.slice(0, 3)).toEqual(
      [1000, 2000, 4000].map(
        (ms, i) =>
          `Download of ${MIRROR}/packer/index.json failed (ECONNREFUSED); retry ${i + 1} of 3 in ${ms} ms.`,
      ),
    );
    expect(warnings.slice(3)).toEqual([
      `Cannot reach the Packer mirror ${MIRROR} (Cannot download ${MIRROR}/packer/index.json: ECONNREFUSED.); using the cached Packer 1.10.3, which satisfies ~1.10.`,
    ]);
    expect(await refusal(install({ version: '~1.11' }), 'DOWNLOAD_FAILED')).toBe(
      `Cannot reach the Packer mirror ${MIRROR} (Cannot download ${MIRROR}/packer/index.json: ECONNREFUSED.) and no cached Packer satisfies ~1.11.`,
    );
  });

  it('treats an HTTP error on index.json as unreachable, naming the status', async () => {
    const mirror = fakeMirror();
    const { install } = setup(mirror);
    expect(await refusal(install({ version: 'latest' }), 'DOWNLOAD_FAILED')).toBe(
      `Cannot reach the Packer mirror ${MIRROR} (Cannot download ${MIRROR}/packer/index.json: HTTP 404 Not Found (is the mirror laid out as <base>/packer/<version>/<file>?).) and no cached Packer satisfies latest.`,
    );
  });

  it('builds file names from the version asked for: an index naming signed 1.6.6 files for 1.6.7 gets nowhere', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.6.6', { zip: zipOf('1.6.6') });
    const indexUrl = `${MIRROR}/packer/index.json`;
    const index = JSON.parse(mirror.files.get(indexUrl)?.toString() ?? '');
    index.versions['1.6.7'] = {
      version: '1.6.7',
      shasums: 'packer_1.6.6_SHA256SUMS',
      shasums_signature: 'packer_1.6.6_SHA256SUMS.sig',
      builds: [{ os: 'linux', arch: 'amd64', filename: 'packer_1.6.6_linux_amd64.zip' }],
    };
    mirror.files.set(indexUrl, Buffer.from(JSON.stringify(index)));
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.6.7' }), 'DOWNLOAD_FAILED')).toBe(
      `Cannot download ${MIRROR}/packer/1.6.7/packer_1.6.7_SHA256SUMS: HTTP 404 Not Found (is the mirror laid out as <base>/packer/<version>/<file>?).`,
    );
    expect(mirror.requests.filter((r) => r.includes('1.6.6'))).toEqual([]);
    expect(existsSync(join(root, 'packer', '1.6.7'))).toBe(false);
  });

  it('refuses a signed release whose binary reports another version, before the cache marker', async () => {
    const mirror = fakeMirror();
    // Genuinely signed 1.6.6 bytes republished under 1.6.7's names: signature and SHA-256 both pass.
    await publish(mirror, '1.6.7', { zip: zipOf('1.6.6') });
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.6.7' }), 'VERIFY_FAILED')).toBe(
      'Refusing packer_1.6.7_linux_amd64.zip: its packer reports version 1.6.6, not 1.6.7.',
    );
    expect(existsSync(join(root, 'packer', '1.6.7', 'x64.complete'))).toBe(false);
    expect(readdirSync(join(root, 'packer', '1.6.7'))).toEqual([]);
  });

  it('refuses a binary that reports no version at all', async () => {
    const mirror = fakeMirror();
    const silent = storedZip([{ name: 'packer', data: Buffer.from('#!/bin/sh\necho hello\n'), mode: 0o755 }]);
    await publish(mirror, '1.11.2', { zip: silent });
    const { install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      'Refusing packer_1.11.2_linux_amd64.zip: its packer reports no version, not 1.11.2.',
    );
  });

  it.each([
    [
      'a symlink',
      [{ name: 'packer', data: Buffer.from('/bin/sh'), mode: 0o777, type: 0o120000 }],
      '"packer" is a symlink, not a regular file',
    ],
    [
      'a directory',
      [{ name: 'bin/', data: Buffer.alloc(0), mode: 0o755, type: 0o040000 }],
      'it holds a directory "bin/"',
    ],
    [
      'a path',
      [{ name: 'bin/packer', data: packerScript('1.11.2'), mode: 0o755 }],
      'it holds "bin/packer", a path, where only plain file names belong',
    ],
    [
      'another file',
      [
        { name: 'packer', data: packerScript('1.11.2'), mode: 0o755 },
        { name: 'install.sh', data: Buffer.from('x'), mode: 0o755 },
      ],
      'it holds "install.sh" besides packer',
    ],
    [
      'two binaries',
      [
        { name: 'packer', data: packerScript('1.11.2'), mode: 0o755 },
        { name: 'packer', data: packerScript('1.11.2'), mode: 0o755 },
      ],
      'it holds packer twice',
    ],
  ])('refuses a signed zip holding %s, writing nothing', async (_what, entries, why) => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2', { zip: storedZip(entries) });
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      `Refusing packer_1.11.2_linux_amd64.zip: ${why}.`,
    );
    expect(readdirSync(join(root, 'packer', '1.11.2'))).toEqual([]);
  });

  it('refuses traversal in an entry name', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2', {
      zip: storedZip([{ name: '../packer', data: packerScript('1.11.2'), mode: 0o755 }]),
    });
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toMatch(
      /^Refusing packer_1\.11\.2_linux_amd64\.zip: .*\.\.\/packer/,
    );
    expect(existsSync(join(root, 'packer', '1.11.2', 'packer'))).toBe(false);
    expect(readdirSync(join(root, 'packer', '1.11.2'))).toEqual([]);
  });

  it('installs the binary 0755 whatever mode the zip gives it', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2', { zip: storedZip([{ name: 'packer', data: PACKER, mode: 0o4777 }]) });
    const { install } = setup(mirror);
    const installed = await install({ version: '1.11.2' });
    expect(statSync(installed.binary).mode & 0o7777).toBe(0o755);
  });

  it('caps sizes: a zip download past its limit, and a binary declared past its limit', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const first = setup(mirror);
    first.environment.limits = { zip: 100 };
    expect(await refusal(first.install({ version: '1.11.2' }), 'DOWNLOAD_FAILED')).toBe(
      `Cannot download ${MIRROR}/packer/1.11.2/packer_1.11.2_linux_amd64.zip: it is larger than the 100 bytes allowed.`,
    );
    const second = setup(mirror);
    second.environment.limits = { binary: 10 };
    expect(await refusal(second.install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      `Refusing packer_1.11.2_linux_amd64.zip: packer is ${PACKER.length} bytes, over the 10 allowed.`,
    );
    expect(readdirSync(join(second.root, 'packer', '1.11.2'))).toEqual([]);
  });

  it('retries a failed download 3 times with doubling backoff: a 503 then success installs', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const zipUrl = `${MIRROR}/packer/1.11.2/packer_1.11.2_linux_amd64.zip`;
    mirror.failures.set(zipUrl, [503]);
    const { install, waits, warnings } = setup(mirror);
    expect(await install({ version: '1.11.2' })).toMatchObject({ version: '1.11.2', cacheHit: false });
    expect(waits).toEqual([1000]);
    expect(warnings).toEqual([
      `Download of ${zipUrl} failed (HTTP 503 Service Unavailable); retry 1 of 3 in 1000 ms.`,
    ]);

    const again = fakeMirror();
    await publish(again, '1.10.0');
    again.failures.set(`${MIRROR}/packer/1.10.0/packer_1.10.0_linux_amd64.zip`, [503, 502, 500, 503]);
    const failing = setup(again);
    expect(await refusal(failing.install({ version: '1.10.0' }), 'DOWNLOAD_FAILED')).toBe(
      `Cannot download ${MIRROR}/packer/1.10.0/packer_1.10.0_linux_amd64.zip: HTTP 503 Service Unavailable.`,
    );
    expect(failing.waits).toEqual([1000, 2000, 4000]);
  });

  it('never retries a 404', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    mirror.files.delete(`${MIRROR}/packer/1.11.2/packer_1.11.2_linux_amd64.zip`);
    const { install, waits } = setup(mirror);
    await refusal(install({ version: '1.11.2' }), 'DOWNLOAD_FAILED');
    expect(waits).toEqual([]);
  });

  it('follows a redirect within the mirror origin, not to another origin unless allowed', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const zipUrl = `${MIRROR}/packer/1.11.2/packer_1.11.2_linux_amd64.zip`;
    const elsewhere = 'https://cdn.elsewhere.test/packer_1.11.2_linux_amd64.zip';
    mirror.files.set(elsewhere, zipOf('1.11.2'));
    mirror.redirects.set(zipUrl, elsewhere);
    const refused = setup(mirror);
    expect(await refusal(refused.install({ version: '1.11.2' }), 'DOWNLOAD_FAILED')).toBe(
      `Cannot download ${zipUrl}: it redirects to another origin, https://cdn.elsewhere.test, which is not followed unless allow-cross-origin-redirects is true.`,
    );
    expect(mirror.requests).not.toContain(elsewhere);

    const allowed = setup(mirror);
    expect(await allowed.install({ version: '1.11.2', allowCrossOriginRedirects: 'true' })).toMatchObject({
      version: '1.11.2',
    });
    expect(mirror.requests).toContain(elsewhere);

    const same = fakeMirror();
    await publish(same, '1.10.0');
    const moved = `${MIRROR}/packer/1.10.0/packer_1.10.0_linux_amd64.zip`;
    same.files.set(`${MIRROR}/moved.zip`, same.files.get(moved) ?? Buffer.alloc(0));
    same.redirects.set(moved, '/hashicorp/moved.zip');
    expect(await setup(same).install({ version: '1.10.0' })).toMatchObject({ version: '1.10.0' });
  });

  it('sends mirror-url credentials as Authorization to the mirror only, and never prints them', async () => {
    const mirror = fakeMirror();
    await publish(mirror, '1.11.2');
    const zipUrl = `${MIRROR}/packer/1.11.2/packer_1.11.2_linux_amd64.zip`;
    mirror.failures.set(zipUrl, [503]);
    const elsewhere = 'https://cdn.elsewhere.test/packer.zip';
    mirror.files.set(elsewhere, zipOf('1.11.2'));
    mirror.redirects.set(zipUrl, elsewhere);
    const { install, warnings } = setup(mirror);
    const withCredentials = MIRROR.replace('https://', 'https://ci:s3cr3t@');
    const installed = await install({
      version: '1.11.2',
      mirrorUrl: withCredentials,
      allowCrossOriginRedirects: 'true',
    });
    expect(installed.version).toBe('1.11.2');
    const basic = `Basic ${Buffer.from('ci:s3cr3t').toString('base64')}`;
    const asked = mirror.requests.map((r, i) => [r, mirror.authorizations[i]]);
    expect(asked).toContainEqual(['index.json', basic]);
    expect(asked).toContainEqual([elsewhere, undefined]); // not handed to another origin
    expect(warnings.join('\n')).toContain('https://mirror.test/hashicorp/packer/1.11.2/');
    expect(warnings.join('\n')).not.toContain('s3cr3t');

    mirror.down = true;
    const message = await refusal(
      setup(mirror).install({ version: '~1.11', mirrorUrl: withCredentials }),
      'DOWNLOAD_FAILED',
    );
    expect(message).toContain('https://***@mirror.test/hashicorp');
    expect(message).not.toContain('s3cr3t');
  });
});
