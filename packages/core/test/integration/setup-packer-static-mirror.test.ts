import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startNginx,
  startPackerMirror,
  startPythonHttpServer,
  type PackerMirror,
  type StaticServer,
} from '@immutable-actions/test-support';
import { installPacker, parseSetupPackerOptions, silentLogger } from '../../src';
import { downloadToFile, proxyAwareGet, type DownloadPolicy } from '../../src/packer/install/http';

// Real HTTP servers over loopback. python3 -m http.server answers HTTP/1.0 and closes the connection after
// each answer, which crashed undici 7's fetch (undici#5360, an uncatchable assert) while a zip body waited on
// the file write. The old fetch-and-pipeline download died within two rounds on a 2 MB file from this server;
// the 20 rounds use a 6 MB incompressible zip, the installs Debian's real 107 MB packer (28 MB zipped).

const NO_PROXY = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy'];
const savedProxy = NO_PROXY.map((name) => [name, process.env[name]] as const);
let mirror: PackerMirror;
let python: StaticServer;
let nginx: StaticServer;
const scratch: string[] = [];

beforeAll(async () => {
  for (const name of NO_PROXY) delete process.env[name];
  mirror = await startPackerMirror({ versions: ['1.6.6', '1.10.0'] });
  const noise = join(mirror.root, 'noise');
  writeFileSync(noise, randomBytes(6 * 1024 * 1024));
  mirror.publishZip('1.9.9', [{ name: 'packer', copyOf: noise }]);
  [python, nginx] = await Promise.all([startPythonHttpServer(mirror.www), startNginx(mirror.www)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([python?.stop(), nginx?.stop()]);
  await mirror?.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of savedProxy) if (value !== undefined) process.env[name] = value;
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const policy = (sleeps: number[] = []): DownloadPolicy => ({
  http: proxyAwareGet(),
  allowCrossOriginRedirects: false,
  sleep: async (ms) => void sleeps.push(ms),
  logger: silentLogger,
});

describe('setup-packer downloads from plain static servers', () => {
  it.each([
    ['python3 -m http.server', () => python],
    ['nginx', () => nginx],
  ])(
    'downloads a 6 MB zip from %s 20 times in a row, whole every time, never crashing',
    async (_name, server) => {
      const zip = `packer/1.9.9/${mirror.zipName('1.9.9')}`;
      const expected = sha256(join(mirror.www, zip));
      const target = join(tempDir('static-download-'), 'packer.zip');
      const sleeps: number[] = [];
      const download = policy(sleeps);
      for (let round = 0; round < 20; round++) {
        await downloadToFile(download, `${server().url}/${zip}`, target, 256 * 1024 * 1024);
        expect(sha256(target)).toBe(expected);
      }
      expect(sleeps).toEqual([]); // not one retry was needed
    },
    120_000,
  );

  it.each([
    ['python3 -m http.server', () => python],
    ['nginx', () => nginx],
  ])(
    'installs the real Packer 1.6.6 from %s, verified',
    async (_name, server) => {
      const root = tempDir('static-tool-cache-');
      const installed = await installPacker(
        parseSetupPackerOptions({ version: '1.6.6', mirrorUrl: server().url, publicKey: mirror.publicKey }),
        { toolCacheRoot: root, tempDir: join(root, 'temp') },
      );
      expect(installed).toMatchObject({ version: '1.6.6', cacheHit: false });
      expect(sha256(installed.binary)).toBe(mirror.binarySha256('1.6.6'));
    },
    60_000,
  );

  it('retries a 503 from the mirror and then installs, waiting with backoff', async () => {
    const root = tempDir('retry-tool-cache-');
    const zipPath = `/packer/1.10.0/${mirror.zipName('1.10.0')}`;
    mirror.failNext(zipPath, 503, 503);
    const sleeps: number[] = [];
    const installed = await installPacker(
      parseSetupPackerOptions({ version: '1.10.0', mirrorUrl: mirror.url, publicKey: mirror.publicKey }),
      { toolCacheRoot: root, tempDir: join(root, 'temp'), sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(installed).toMatchObject({ version: '1.10.0', cacheHit: false });
    expect(sleeps).toEqual([1000, 2000]);
    expect(mirror.requests.filter((r) => r.path === zipPath).map((r) => r.status)).toEqual([503, 503, 200]);
  });
});
