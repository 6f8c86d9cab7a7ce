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
function storedZip(entries: { name: string; data: Buffer; mode: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, mode } of entries) {
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
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38);
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
const PACKER = Buffer.from('#!/bin/sh\necho "Packer v1.11.2"\n');

interface FakeMirror {
  files: Map<string, Buffer>;
  requests: string[];
  http: HttpGet;
  down: boolean;
}

function fakeMirror(): FakeMirror {
  const mirror: FakeMirror = {
    files: new Map(),
    requests: [],
    down: false,
    http: async (url) => {
      mirror.requests.push(url.replace(`${MIRROR}/packer/`, ''));
      if (mirror.down)
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      const body = mirror.files.get(url);
      return {
        ok: body !== undefined,
        status: body ? 200 : 404,
        statusText: body ? 'OK' : 'Not Found',
        body: body ? (new Blob([body]).stream() as never) : null,
        arrayBuffer: async () => new Uint8Array(body ?? Buffer.alloc(0)).buffer,
      };
    },
  };
  return mirror;
}

let signer: Awaited<ReturnType<typeof makeKey>>;
let stranger: Awaited<ReturnType<typeof makeKey>>;
const goodZip = storedZip([
  { name: 'packer', data: PACKER, mode: 0o755 },
  { name: 'LICENSE.txt', data: Buffer.from('MPL'), mode: 0o644 },
]);

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
  const sums = options.sums ?? `${sha256(options.sumsOf ?? options.zip ?? goodZip)}  ${zipName}\n`;
  mirror.files.set(`${MIRROR}/packer/${version}/${zipName}`, options.zip ?? goodZip);
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
  const logger: Logger = { info: () => {}, warn: (m) => warnings.push(m), debug: () => {} };
  const environment: InstallEnvironment = {
    http: mirror.http,
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
  return { root, warnings, install, environment };
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
    expect(statSync(join(dir, 'LICENSE.txt')).mode & 0o777).toBe(0o644);
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
      zip: storedZip([{ name: 'README', data: Buffer.from('x'), mode: 0o644 }]),
    });
    const { root, install } = setup(mirror);
    expect(await refusal(install({ version: '1.11.2' }), 'VERIFY_FAILED')).toBe(
      'Refusing packer_1.11.2_linux_amd64.zip: it holds no packer (it holds README).',
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
    const { install, warnings } = setup(mirror);
    await install({ version: '1.10.3' });
    mirror.down = true;

    expect(await install({ version: '~1.10' })).toMatchObject({ version: '1.10.3', cacheHit: true });
    expect(warnings).toEqual([
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
});
