import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
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
import { dirname, join } from 'node:path';
import {
  freePort,
  runAction,
  startPackerMirror,
  startRecordingProxy,
  startPythonHttpServer,
  type ActionRun,
  type PackerMirror,
} from '@immutable-actions/test-support';

// Runs dist/setup-packer/index.js as the runner does, against a release mirror served on loopback. Release
// 1.6.6 holds Debian's real packer binary; the others a script answering `packer version` as that release
// (setup-packer refuses a binary reporting another version than it installs) and running the real one.

const NO_PROXY_ENV = {
  // Retries wait 10, 20, 40 ms here instead of 1, 2, 4 s.
  IMMUTABLE_DOWNLOAD_BACKOFF_MS: '10',
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
};

let mirror: PackerMirror;
/** Run folders and tool caches: each install leaves a 107 MB binary, so they go when the file is done. */
const scratch: string[] = [];

function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

beforeAll(async () => {
  mirror = await startPackerMirror({
    versions: ['1.6.6', '1.8.6', '1.8.7', '1.9.4', '1.10.0', '1.10.3', '1.11.2', '1.12.0-rc1'],
  });
}, 120_000);

afterAll(async () => {
  await mirror?.stop();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function setupPacker(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  cwd?: string,
): Promise<ActionRun> {
  const run = await runAction('setup-packer', {
    inputs: { 'mirror-url': mirror.url, 'public-key': mirror.publicKey, ...inputs },
    env: { ...NO_PROXY_ENV, ...env },
    ...(cwd ? { cwd } : {}),
  });
  scratch.push(run.workdir);
  return run;
}

function zipRequestsSince(start: number): string[] {
  return mirror.requests
    .slice(start)
    .map((r) => r.path)
    .filter((p) => p.endsWith('.zip'));
}

function toolCacheOf(run: ActionRun, env: Record<string, string | undefined> = {}): string {
  return env.RUNNER_TOOL_CACHE ?? join(run.workdir, 'tool-cache');
}

/** Everything a successful install promises: outputs, PATH, the marker, and a packer that runs. */
function expectInstalled(
  run: ActionRun,
  version: string,
  cacheHit: boolean,
  toolCache = toolCacheOf(run),
): void {
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  const dir = join(toolCache, 'packer', version, process.arch);
  expect(run.outputs).toEqual({ version, path: dir, 'cache-hit': String(cacheHit) });
  expect(run.path).toEqual([dir]);
  expect(existsSync(`${dir}.complete`)).toBe(true);
  const binary = join(dir, 'packer');
  expect(statSync(binary).mode & 0o111).toBe(0o111);
  expect(sha256(binary)).toBe(mirror.binarySha256(version));
  const reported = execFileSync(binary, ['version'], { env: { ...process.env, CHECKPOINT_DISABLE: '1' } })
    .toString()
    .trim();
  expect(reported).toBe(`Packer v${version}`);
  expect(run.stdout).toContain(`packer version: ${reported}`);
  expect(run.summary).toContain(`Packer ${version}`);
}

/** A refused install leaves nothing behind: no PATH entry, no outputs, no cache folder for the version. */
function expectRefused(run: ActionRun, version?: string): string {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.path).toEqual([]);
  expect(run.outputs).toEqual({});
  if (version) expect(existsSync(join(toolCacheOf(run), 'packer', version, process.arch))).toBe(false);
  return run.errors[0] ?? '';
}

describe('setup-packer bundle against a local mirror', () => {
  it('installs an exact version, downloading the zip from the mirror base, not from index.json urls', async () => {
    const start = mirror.requests.length;
    const run = await setupPacker({ version: '1.9.4' });
    expectInstalled(run, '1.9.4', false);
    // index.json says every build lives at http://releases.invalid; success means the base was used instead.
    expect(zipRequestsSince(start)).toEqual([`/packer/1.9.4/${mirror.zipName('1.9.4')}`]);
    expect(mirror.requests.slice(start).map((r) => r.path)).toContain(
      '/packer/1.9.4/packer_1.9.4_SHA256SUMS.sig',
    );
  });

  it('resolves a semver range to the newest match', async () => {
    expectInstalled(await setupPacker({ version: '~1.10' }), '1.10.3', false);
  });

  it('resolves latest to the newest release, skipping the prerelease the index lists', async () => {
    const index = JSON.parse(readFileSync(join(mirror.root, 'www', 'packer', 'index.json'), 'utf8')) as {
      versions: Record<string, unknown>;
    };
    expect(Object.keys(index.versions)).toContain('1.12.0-rc1');
    const run = await setupPacker({ version: 'latest' });
    expectInstalled(run, '1.11.2', false);
    expect(run.stdout).toContain('Resolved Packer latest to 1.11.2');
  });

  it('reads the version from .tool-versions and from a template required_version', async () => {
    const workspace = scratchDir('packer-workspace-');
    writeFileSync(join(workspace, '.tool-versions'), 'nodejs 24.1.0\npacker 1.10.0 1.9.4\n');
    writeFileSync(
      join(workspace, 'ami.pkr.hcl'),
      'packer {\n  required_version = "~> 1.9.0"\n  required_plugins {}\n}\nsource "null" "x" {}\n',
    );
    expectInstalled(await setupPacker({ 'version-file': '.tool-versions' }, {}, workspace), '1.10.0', false);
    const fromTemplate = await setupPacker({ 'version-file': 'ami.pkr.hcl' }, {}, workspace);
    expectInstalled(fromTemplate, '1.9.4', false);
    expect(fromTemplate.summary).toContain('(from ami.pkr.hcl)');
  });

  it('hits the cache on a second run: latest resolves to the cached version and no zip is downloaded', async () => {
    // Timings are the bench's (npm run bench): here only what is fetched proves the hit.
    const env = { RUNNER_TOOL_CACHE: scratchDir('tool-cache-') };
    const cold = await setupPacker({ version: '1.11.2' }, env);
    expectInstalled(cold, '1.11.2', false, env.RUNNER_TOOL_CACHE);

    const start = mirror.requests.length;
    const warm = await setupPacker({ version: 'latest' }, env);
    expectInstalled(warm, '1.11.2', true, env.RUNNER_TOOL_CACHE);
    expect(mirror.requests.slice(start).map((r) => r.path)).toEqual(['/packer/index.json']);
  });

  it('refuses a tampered zip, naming the file and both hashes', async () => {
    const tamperedSha256 = mirror.tamperZip('1.8.7');
    const message = expectRefused(await setupPacker({ version: '1.8.7' }), '1.8.7');
    expect(message).toContain(mirror.zipName('1.8.7'));
    expect(message).toContain(`expected ${mirror.zipSha256('1.8.7')}`);
    expect(message).toContain(tamperedSha256);
  });

  it('refuses SHA256SUMS signed by another key, naming that key and the trusted one, before downloading the zip', async () => {
    mirror.signSumsWithOtherKey('1.8.6');
    const start = mirror.requests.length;
    const message = expectRefused(await setupPacker({ version: '1.8.6' }), '1.8.6');
    expect(message).toContain(`signed by key ${mirror.otherKeyFingerprint.slice(-16)}`);
    expect(message).toContain(`not by the trusted key ${mirror.fingerprint}`);
    expect(zipRequestsSince(start)).toEqual([]);
  });

  it('refuses the genuine signature when the public-key input is another key (HashiCorp default key)', async () => {
    // No public-key: the embedded HashiCorp key must reject the test key's signature.
    const run = await runAction('setup-packer', {
      inputs: { 'mirror-url': mirror.url, version: '1.9.4' },
      env: NO_PROXY_ENV,
    });
    scratch.push(run.workdir);
    const message = expectRefused(run, '1.9.4');
    expect(message).toContain(`signed by key ${mirror.fingerprint.slice(-16)}`);
    expect(message).toContain('C874011F0AB405110D02105534365D9472D7468F');
  });

  it('fails on an unknown version, naming it and the index', async () => {
    const message = expectRefused(await setupPacker({ version: '9.9.9' }));
    expect(message).toBe(
      `No Packer version matches 9.9.9 in ${mirror.url}/packer/index.json (newest listed: 1.12.0-rc1, 1.11.2, 1.10.3).`,
    );
  });

  it('fails on a bad version input before any request', async () => {
    const start = mirror.requests.length;
    const message = expectRefused(await setupPacker({ version: 'one.two' }));
    expect(message).toBe(
      'Invalid version "one.two": expected latest, a version such as 1.11.2, or a semver range such as ~1.11.',
    );
    expect(mirror.requests.length).toBe(start);
  });

  it('fails clearly when the mirror is unreachable and nothing cached satisfies the request', async () => {
    const deadMirror = `http://127.0.0.1:${await freePort()}`;
    const message = expectRefused(await setupPacker({ version: '~1.10', 'mirror-url': deadMirror }));
    expect(message).toContain(`Cannot reach the Packer mirror ${deadMirror}`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain('no cached Packer satisfies ~1.10');
  });

  it('uses a cached version that satisfies the range when the mirror is unreachable, with a warning', async () => {
    const env = { RUNNER_TOOL_CACHE: scratchDir('tool-cache-') };
    expectInstalled(await setupPacker({ version: '1.10.3' }, env), '1.10.3', false, env.RUNNER_TOOL_CACHE);
    const deadMirror = `http://127.0.0.1:${await freePort()}`;
    const offline = await setupPacker({ version: '~1.10', 'mirror-url': deadMirror }, env);
    expectInstalled(offline, '1.10.3', true, env.RUNNER_TOOL_CACHE);
    expect(offline.stdout).toMatch(/::warning::.*Cannot reach the Packer mirror http:\/\/127\.0\.0\.1:\d+/);
    expect(offline.stdout).toContain('using the cached Packer 1.10.3, which satisfies ~1.10');
  });

  it('goes through HTTP_PROXY, and around it for hosts in NO_PROXY', async () => {
    const proxy = await startRecordingProxy();
    try {
      const mirrorHost = new URL(mirror.url).host;
      const proxied = await setupPacker({ version: '1.10.0' }, { HTTP_PROXY: proxy.url });
      expectInstalled(proxied, '1.10.0', false);
      // undici tunnels even plain http through CONNECT, and may reuse one tunnel for every file.
      expect(proxy.requests.length).toBeGreaterThanOrEqual(1);
      expect(proxy.requests).toContain(`CONNECT ${mirrorHost}`);
      expect(proxy.requests.every((r) => r === `CONNECT ${mirrorHost}`)).toBe(true);

      proxy.requests.length = 0;
      const bypassed = await setupPacker(
        { version: '1.10.0' },
        { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
      );
      expectInstalled(bypassed, '1.10.0', false);
      expect(proxy.requests).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });

  it('leaves no staging folders or downloads behind after a refusal', async () => {
    mirror.tamperZip('1.8.7');
    const env = { RUNNER_TOOL_CACHE: scratchDir('tool-cache-') };
    const run = await setupPacker({ version: '1.8.7' }, env);
    expectRefused(run, '1.8.7');
    const versionDir = join(env.RUNNER_TOOL_CACHE, 'packer', '1.8.7');
    expect(existsSync(versionDir) ? readdirSync(versionDir) : []).toEqual([]);
    const runnerTemp = join(run.workdir, 'runner-temp');
    expect(existsSync(runnerTemp) ? readdirSync(runnerTemp) : []).toEqual([]);
  });

  it('installs from python3 -m http.server, which closes the connection after every answer', async () => {
    const python = await startPythonHttpServer(mirror.www);
    try {
      const run = await setupPacker({ version: '1.10.3', 'mirror-url': python.url });
      expectInstalled(run, '1.10.3', false);
    } finally {
      await python.stop();
    }
  });

  it('refuses a signed downgrade: an index naming 1.6.6 files for 1.6.7, then 1.6.6 bytes under 1.6.7 names', async () => {
    mirror.setIndexEntry('1.6.7', {
      name: 'packer',
      version: '1.6.7',
      shasums: 'packer_1.6.6_SHA256SUMS',
      shasums_signature: 'packer_1.6.6_SHA256SUMS.sig',
      builds: [{ os: mirror.os, arch: mirror.arch, filename: mirror.zipName('1.6.6') }],
    });
    const start = mirror.requests.length;
    const renamed = expectRefused(await setupPacker({ version: '1.6.7' }), '1.6.7');
    expect(renamed).toBe(
      `Cannot download ${mirror.url}/packer/1.6.7/packer_1.6.7_SHA256SUMS: HTTP 404 Not Found (is the mirror laid out as <base>/packer/<version>/<file>?).`,
    );
    expect(mirror.requests.slice(start).filter((r) => r.path.includes('1.6.6'))).toEqual([]);

    mirror.republish('1.6.6', '1.6.7'); // signature and SHA-256 now pass: only the binary can tell
    const env = { RUNNER_TOOL_CACHE: scratchDir('tool-cache-') };
    const run = await setupPacker({ version: '1.6.7' }, env);
    expect(expectRefused(run)).toBe(
      `Refusing ${mirror.zipName('1.6.7')}: its packer reports version 1.6.6, not 1.6.7.`,
    );
    expect(existsSync(join(env.RUNNER_TOOL_CACHE, 'packer', '1.6.7', `${process.arch}.complete`))).toBe(
      false,
    );
    expect(readdirSync(join(env.RUNNER_TOOL_CACHE, 'packer', '1.6.7'))).toEqual([]);
  });

  it.each([
    [
      'a symlink',
      '2.0.1',
      [{ name: 'packer', symlinkTo: '/bin/sh' }],
      '"packer" is a symlink, not a regular file',
    ],
    ['a directory', '2.0.2', [{ name: 'bin/', directory: true as const }], 'it holds a directory "bin/"'],
    ['a traversal', '2.0.3', [{ name: '../../packer', text: '#!/bin/sh\n' }], ''],
    [
      'another file',
      '2.0.4',
      [
        { name: 'packer', text: '#!/bin/sh\necho "Packer v2.0.4"\n' },
        { name: 'postinstall.sh', text: 'x' },
      ],
      'it holds "postinstall.sh" besides packer',
    ],
  ])('refuses a signed zip holding %s, installing nothing', async (_what, version, entries, why) => {
    mirror.publishZip(version, entries);
    const env = { RUNNER_TOOL_CACHE: scratchDir('tool-cache-') };
    const message = expectRefused(await setupPacker({ version }, env));
    expect(message).toMatch(new RegExp(`^Refusing ${mirror.zipName(version).replace(/\./g, '\\.')}: `));
    if (why) expect(message).toBe(`Refusing ${mirror.zipName(version)}: ${why}.`);
    else expect(message).toContain('../../packer');
    const versionDir = join(env.RUNNER_TOOL_CACHE, 'packer', version);
    expect(existsSync(versionDir) ? readdirSync(versionDir) : []).toEqual([]);
    expect(existsSync(join(env.RUNNER_TOOL_CACHE, 'packer', 'packer'))).toBe(false);
  });

  it('refuses an oversize binary (a zip bomb of 600 MB of zeros) before inflating it', async () => {
    mirror.publishZip('2.0.5', [{ name: 'packer', zeros: 600 * 1024 * 1024 }]);
    const env = { RUNNER_TOOL_CACHE: scratchDir('tool-cache-') };
    const message = expectRefused(await setupPacker({ version: '2.0.5' }, env));
    expect(message).toBe(
      `Refusing ${mirror.zipName('2.0.5')}: packer is ${600 * 1024 * 1024} bytes, over the ${512 * 1024 * 1024} allowed.`,
    );
    expect(readdirSync(join(env.RUNNER_TOOL_CACHE, 'packer', '2.0.5'))).toEqual([]);
  }, 60_000);

  it('does not follow a redirect to another origin unless allow-cross-origin-redirects is true', async () => {
    const zipPath = `/packer/1.9.4/${mirror.zipName('1.9.4')}`;
    const otherOrigin = mirror.url.replace('127.0.0.1', 'localhost');
    mirror.redirect(zipPath, `${otherOrigin}${zipPath}`);
    try {
      const start = mirror.requests.length;
      const message = expectRefused(await setupPacker({ version: '1.9.4' }), '1.9.4');
      expect(message).toBe(
        `Cannot download ${mirror.url}${zipPath}: it redirects to another origin, ${otherOrigin}, which is not followed unless allow-cross-origin-redirects is true.`,
      );
      expect(zipRequestsSince(start)).toEqual([zipPath]); // the redirect only, never the other origin's file
      expect(mirror.requests.slice(start).map((r) => r.status)).toContain(302);

      // Allowed, the redirect is followed to the other origin's copy.
      const copy = join(mirror.www, 'cdn', mirror.zipName('1.9.4'));
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(join(mirror.www, zipPath), copy);
      mirror.redirect(zipPath, `${otherOrigin}/cdn/${mirror.zipName('1.9.4')}`);
      const followedFrom = mirror.requests.length;
      const run = await setupPacker({ version: '1.9.4', 'allow-cross-origin-redirects': 'true' });
      expectInstalled(run, '1.9.4', false);
      expect(mirror.requests.slice(followedFrom).filter((r) => r.path.endsWith('.zip'))).toEqual([
        { method: 'GET', path: zipPath, status: 302 },
        { method: 'GET', path: `/cdn/${mirror.zipName('1.9.4')}`, status: 200 },
      ]);
    } finally {
      mirror.redirect(zipPath, undefined);
    }
  });

  it('sends mirror-url credentials as basic auth, masks them, and prints them nowhere', async () => {
    const secret = 's3cr3t-mirror-pw';
    const withCredentials = mirror.url.replace('http://', `http://ci:${secret}@`);
    const start = mirror.requests.length;
    const run = await setupPacker({ version: '1.8.6', 'mirror-url': withCredentials, verify: 'false' });
    expect(run.errors).toEqual([]);
    const basic = `Basic ${Buffer.from(`ci:${secret}`).toString('base64')}`;
    expect(mirror.requests.slice(start).every((r) => r.authorization === basic)).toBe(true);
    expect(run.stdout).toContain(`::add-mask::${secret}`);
    const printed = [run.stdout.replace(`::add-mask::${secret}`, ''), run.stderr, run.summary].join('\n');
    expect(printed).not.toContain(secret);
    expect(printed).toContain('http://***@127.0.0.1');

    const refused = expectRefused(await setupPacker({ version: '9.9.9', 'mirror-url': withCredentials }));
    expect(refused).toMatch(
      /^No Packer version matches 9\.9\.9 in http:\/\/\*\*\*@127\.0\.0\.1:\d+\/packer\/index\.json \(newest/,
    );
    expect(refused).not.toContain(secret);
  });

  it('retries a 503 from the mirror and then installs, saying so', async () => {
    const zipPath = `/packer/1.8.6/${mirror.zipName('1.8.6')}`;
    mirror.failNext(zipPath, 503);
    const start = mirror.requests.length;
    const run = await setupPacker({ version: '1.8.6', verify: 'false' });
    expectInstalled(run, '1.8.6', false);
    expect(
      mirror.requests
        .slice(start)
        .filter((r) => r.path === zipPath)
        .map((r) => r.status),
    ).toEqual([503, 200]);
    expect(run.stdout).toMatch(
      /::warning::\[[^\]]+\] Download of http:\/\/127\.0\.0\.1:\d+\/packer\/1\.8\.6\/\S+ failed \(HTTP 503 Service Unavailable\); retry 1 of 3 in 10 ms\./,
    );
  });

  it('says a version-file holds no version without echoing the file (here a copy of /etc/passwd)', async () => {
    const workspace = scratchDir('packer-workspace-');
    writeFileSync(join(workspace, 'passwd'), readFileSync('/etc/passwd'));
    const start = mirror.requests.length;
    const message = expectRefused(await setupPacker({ 'version-file': 'passwd' }, {}, workspace));
    expect(message).toBe(
      'Invalid version-file "passwd": expected a file holding latest, a version such as 1.11.2, or a semver range such as ~1.11; it holds none (its content is not shown).',
    );
    expect(mirror.requests.length).toBe(start);
  });

  it.each([
    [
      { 'allow-cross-origin-redirects': 'sometimes' },
      'Invalid allow-cross-origin-redirects "sometimes": expected true or false.',
    ],
    [
      { 'mirror-url': 'ftp://ci:hunter22@mirror.corp' },
      'Invalid mirror-url "ftp://***@mirror.corp": expected an http(s) URL without query or fragment, such as https://releases.hashicorp.com.',
    ],
  ])('refuses the bad input %j in one line, before any request', async (inputs, expected) => {
    const start = mirror.requests.length;
    const run = await setupPacker({ version: '1.9.4', ...inputs });
    expect(expectRefused(run)).toBe(expected);
    expect(run.stdout + run.stderr).not.toContain('hunter22');
    expect(mirror.requests.length).toBe(start);
  });
});
