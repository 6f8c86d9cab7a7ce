import {
  isImmutableError,
  parseReleaseIndex,
  parseSha256Sums,
  pickVersion,
  releasePlatform,
} from '../../src';
import { releaseFiles, releaseUrl } from '../../src/packer/install/releases';

const VERSIONS = ['1.9.4', '1.10.0', '1.10.3', '1.11.2', '1.12.0-rc1', '1.12.0-beta2'];

describe('releasePlatform', () => {
  it.each([
    ['linux', 'x64', 'linux', 'amd64'],
    ['linux', 'arm64', 'linux', 'arm64'],
    ['linux', 'arm', 'linux', 'arm'],
    ['darwin', 'arm64', 'darwin', 'arm64'],
    ['win32', 'x64', 'windows', 'amd64'],
    ['win32', 'ia32', 'windows', '386'],
  ] as const)('maps node %s/%s to %s/%s', (platform, arch, os, releaseArch) => {
    expect(releasePlatform(platform, arch)).toEqual({ os, arch: releaseArch });
  });

  it('refuses a platform HashiCorp does not build for, naming it', () => {
    let caught: unknown;
    try {
      releasePlatform('aix', 'ppc64');
    } catch (error) {
      caught = error;
    }
    expect(isImmutableError(caught, 'NOT_FOUND')).toBe(true);
    expect((caught as Error).message).toBe("Packer is not released for this runner's platform aix/ppc64.");
  });
});

describe('pickVersion', () => {
  it('latest is the newest release and never a prerelease', () => {
    expect(pickVersion({ kind: 'latest' }, VERSIONS)).toBe('1.11.2');
    expect(pickVersion({ kind: 'latest' }, ['1.12.0-rc1'])).toBeUndefined();
  });

  it('a range picks its newest match, and prereleases only when the range names one', () => {
    expect(pickVersion({ kind: 'range', range: '>=1.10.0 <1.11.0-0' }, VERSIONS)).toBe('1.10.3');
    expect(pickVersion({ kind: 'range', range: '>=1.9.0' }, VERSIONS)).toBe('1.11.2');
    expect(pickVersion({ kind: 'range', range: '>=1.12.0-beta1' }, VERSIONS)).toBe('1.12.0-rc1');
    expect(pickVersion({ kind: 'range', range: '>=2.0.0' }, VERSIONS)).toBeUndefined();
  });

  it('an exact version matches only itself', () => {
    expect(pickVersion({ kind: 'exact', version: '1.10.0' }, VERSIONS)).toBe('1.10.0');
    expect(pickVersion({ kind: 'exact', version: '1.12.0-rc1' }, VERSIONS)).toBe('1.12.0-rc1');
    expect(pickVersion({ kind: 'exact', version: '1.10.1' }, VERSIONS)).toBeUndefined();
  });
});

describe('parseReleaseIndex and releaseFiles', () => {
  const index = parseReleaseIndex(
    {
      name: 'packer',
      versions: {
        '1.11.2': {
          version: '1.11.2',
          shasums: 'packer_1.11.2_SHA256SUMS',
          shasums_signature: 'packer_1.11.2_SHA256SUMS.sig',
          shasums_signatures: ['packer_1.11.2_SHA256SUMS.72D7468F.sig', 'packer_1.11.2_SHA256SUMS.sig'],
          builds: [
            {
              os: 'darwin',
              arch: 'arm64',
              filename: 'packer_1.11.2_darwin_arm64.zip',
              url: 'https://elsewhere/x.zip',
            },
            {
              os: 'linux',
              arch: 'amd64',
              filename: 'packer_1.11.2_linux_amd64.zip',
              url: 'https://elsewhere/y.zip',
            },
            { os: 'linux', arch: 'arm64', filename: '../../etc/passwd', url: 'https://elsewhere/z.zip' },
          ],
        },
        'not-a-version': { builds: [] },
        '1.10.0': { version: '1.10.0', builds: [] },
      },
    },
    'index.json',
  );

  it('keeps semver versions and plain file names only: absolute urls and paths are dropped', () => {
    expect([...index.keys()].sort()).toEqual(['1.10.0', '1.11.2']);
    expect(index.get('1.11.2')?.builds).toEqual([
      { os: 'darwin', arch: 'arm64', filename: 'packer_1.11.2_darwin_arm64.zip' },
      { os: 'linux', arch: 'amd64', filename: 'packer_1.11.2_linux_amd64.zip' },
    ]);
  });

  it('picks the build for the platform, and the signature file of the trusted key', () => {
    expect(releaseFiles(index.get('1.11.2'), '1.11.2', { os: 'linux', arch: 'amd64' }, '72D7468F')).toEqual({
      version: '1.11.2',
      zip: 'packer_1.11.2_linux_amd64.zip',
      sums: 'packer_1.11.2_SHA256SUMS',
      signature: 'packer_1.11.2_SHA256SUMS.72D7468F.sig',
    });
    expect(
      releaseFiles(index.get('1.11.2'), '1.11.2', { os: 'linux', arch: 'amd64' }, 'ABCDEF12').signature,
    ).toBe('packer_1.11.2_SHA256SUMS.sig');
  });

  it('refuses a release without a build for the platform, listing the builds it has', () => {
    expect(() =>
      releaseFiles(index.get('1.11.2'), '1.11.2', { os: 'windows', arch: '386' }, undefined),
    ).toThrow('Packer 1.11.2 has no build for windows/386 (builds: darwin/arm64, linux/amd64).');
  });

  it('falls back to HashiCorp file names when the index does not give them', () => {
    expect(releaseFiles(undefined, '1.9.4', { os: 'linux', arch: 'arm64' }, undefined)).toEqual({
      version: '1.9.4',
      zip: 'packer_1.9.4_linux_arm64.zip',
      sums: 'packer_1.9.4_SHA256SUMS',
      signature: 'packer_1.9.4_SHA256SUMS.sig',
    });
  });

  it('refuses an index without versions', () => {
    expect(() => parseReleaseIndex({ name: 'packer' }, 'https://m/packer/index.json')).toThrow(
      'https://m/packer/index.json is not a release index: it has no "versions" object.',
    );
  });

  it('builds URLs under the mirror base', () => {
    expect(releaseUrl('https://artifacts.corp/hashicorp', '1.12.0-rc1', 'packer_1.12.0-rc1_SHA256SUMS')).toBe(
      'https://artifacts.corp/hashicorp/packer/1.12.0-rc1/packer_1.12.0-rc1_SHA256SUMS',
    );
  });
});

describe('parseSha256Sums', () => {
  it('reads text and binary-mode lines, lower-casing the hex and skipping junk', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    const sums = parseSha256Sums(
      `${a}  packer_1.11.2_linux_amd64.zip\n${b} *packer_1.11.2_darwin_arm64.zip\r\nnot a line\n${'c'.repeat(63)}  short.zip\n`,
    );
    expect([...sums]).toEqual([
      ['packer_1.11.2_linux_amd64.zip', a],
      ['packer_1.11.2_darwin_arm64.zip', 'b'.repeat(64)],
    ]);
  });
});
