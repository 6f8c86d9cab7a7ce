import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import {
  HASHICORP_RELEASE_KEY,
  hclConstraintToSemverRange,
  isImmutableError,
  parseSetupPackerOptions,
  parseVersionFileText,
  parseVersionRequest,
} from '../../src';

const scratch: string[] = [];
afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'version-file-'));
  scratch.push(dir);
  return dir;
}

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(isImmutableError(error, 'INVALID_INPUT')).toBe(true);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a refusal');
}

describe('parseVersionRequest', () => {
  it.each([
    ['latest', { kind: 'latest' }],
    ['LATEST', { kind: 'latest' }],
    ['1.11.2', { kind: 'exact', version: '1.11.2' }],
    ['v1.11.2', { kind: 'exact', version: '1.11.2' }],
    ['1.12.0-rc1', { kind: 'exact', version: '1.12.0-rc1' }],
    ['~1.10', { kind: 'range', range: '>=1.10.0 <1.11.0-0' }],
    ['1.10', { kind: 'range', range: '>=1.10.0 <1.11.0-0' }],
    ['>=1.9 <2', { kind: 'range', range: '>=1.9.0 <2.0.0-0' }],
    ['^1.9.4', { kind: 'range', range: '>=1.9.4 <2.0.0-0' }],
  ])('reads %s', (text, expected) => {
    expect(parseVersionRequest('version', text)).toEqual(expected);
  });

  it('refuses what is neither latest, a version nor a range, in one line naming the value', () => {
    expect(refusal(() => parseVersionRequest('version', 'one.two'))).toBe(
      'Invalid version "one.two": expected latest, a version such as 1.11.2, or a semver range such as ~1.11.',
    );
  });
});

describe('parseSetupPackerOptions', () => {
  it('defaults to the latest Packer from HashiCorp, verified with the embedded key', () => {
    expect(parseSetupPackerOptions({})).toEqual({
      request: { kind: 'latest' },
      requestText: 'latest',
      mirrorUrl: 'https://releases.hashicorp.com',
      mirrorUrlShown: 'https://releases.hashicorp.com',
      secrets: [],
      allowCrossOriginRedirects: false,
      publicKey: HASHICORP_RELEASE_KEY,
      publicKeyIsDefault: true,
      verify: true,
    });
    expect(HASHICORP_RELEASE_KEY).toMatch(
      /^-----BEGIN PGP PUBLIC KEY BLOCK-----\n[\s\S]+\n-----END PGP PUBLIC KEY BLOCK-----$/,
    );
  });

  it('treats empty inputs as not given, as the runner passes unset inputs', () => {
    expect(
      parseSetupPackerOptions({ version: '', versionFile: ' ', mirrorUrl: '', verify: '' }).request,
    ).toEqual({
      kind: 'latest',
    });
  });

  it('keeps a mirror base without its trailing slash, and a path prefix', () => {
    expect(parseSetupPackerOptions({ mirrorUrl: 'https://artifacts.corp/hashicorp/' }).mirrorUrl).toBe(
      'https://artifacts.corp/hashicorp',
    );
  });

  it.each([
    [
      'not a url',
      'Invalid mirror-url "not a url": expected an http(s) URL such as https://releases.hashicorp.com.',
    ],
    [
      'ftp://mirror.corp',
      'Invalid mirror-url "ftp://mirror.corp": expected an http(s) URL without query or fragment, such as https://releases.hashicorp.com.',
    ],
    [
      'https://mirror.corp/?token=x',
      'Invalid mirror-url "https://mirror.corp/?token=x": expected an http(s) URL without query or fragment, such as https://releases.hashicorp.com.',
    ],
  ])('refuses the mirror-url %s', (mirrorUrl, message) => {
    expect(refusal(() => parseSetupPackerOptions({ mirrorUrl }))).toBe(message);
  });

  it('keeps credentials in mirror-url for requests only: shown as ***, masked, never in a refusal', () => {
    const options = parseSetupPackerOptions({ mirrorUrl: 'https://ci:s3cr3t-pw@mirror.corp/hashicorp/' });
    expect(options.mirrorUrl).toBe('https://ci:s3cr3t-pw@mirror.corp/hashicorp');
    expect(options.mirrorUrlShown).toBe('https://***@mirror.corp/hashicorp');
    expect(options.secrets).toEqual(['s3cr3t-pw']);
    expect(parseSetupPackerOptions({ mirrorUrl: 'https://tok3n-abc@mirror.corp' }).secrets).toEqual([
      'tok3n-abc',
    ]);
    for (const mirrorUrl of [
      'https://ci:s3cr3t-pw@mirror.corp/?x=1',
      'ftp://ci:s3cr3t-pw@mirror.corp',
      'https://ci:s3cr3t-pw@',
    ]) {
      const message = refusal(() => parseSetupPackerOptions({ mirrorUrl }));
      expect(message).toMatch(/^Invalid mirror-url "[^"]*\*\*\*@/);
      expect(message).not.toContain('s3cr3t');
    }
  });

  it('reads allow-cross-origin-redirects as a boolean, false by default', () => {
    expect(parseSetupPackerOptions({}).allowCrossOriginRedirects).toBe(false);
    expect(parseSetupPackerOptions({ allowCrossOriginRedirects: 'true' }).allowCrossOriginRedirects).toBe(
      true,
    );
    expect(refusal(() => parseSetupPackerOptions({ allowCrossOriginRedirects: 'cdn' }))).toBe(
      'Invalid allow-cross-origin-redirects "cdn": expected true or false.',
    );
  });

  it('says a version-file holds no version without echoing what it holds (/etc/passwd, say)', () => {
    const dir = workspace();
    writeFileSync(
      join(dir, 'passwd'),
      'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n',
    );
    const message = refusal(() => parseSetupPackerOptions({ versionFile: 'passwd' }, { cwd: dir }));
    expect(message).toBe(
      'Invalid version-file "passwd": expected a file holding latest, a version such as 1.11.2, or a semver range such as ~1.11; it holds none (its content is not shown).',
    );
    expect(message).not.toContain('root');
  });

  it('reads verify as a boolean and refuses anything else', () => {
    expect(parseSetupPackerOptions({ verify: 'false' }).verify).toBe(false);
    expect(parseSetupPackerOptions({ verify: 'TRUE' }).verify).toBe(true);
    expect(refusal(() => parseSetupPackerOptions({ verify: 'maybe' }))).toBe(
      'Invalid verify "maybe": expected true or false.',
    );
  });

  it('takes an armored public key and refuses anything else, quoting only its first line', () => {
    const key = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nabc\n-----END PGP PUBLIC KEY BLOCK-----';
    expect(parseSetupPackerOptions({ publicKey: `${key}\n` })).toMatchObject({
      publicKey: key,
      publicKeyIsDefault: false,
    });
    expect(refusal(() => parseSetupPackerOptions({ publicKey: 'ssh-ed25519 AAAAC3Nza\nsecond line' }))).toBe(
      'Invalid public-key "ssh-ed25519 AAAAC3Nza…": expected an armored OpenPGP public key block.',
    );
  });

  it('refuses version and version-file together', () => {
    expect(refusal(() => parseSetupPackerOptions({ version: '1.9.4', versionFile: '.tool-versions' }))).toBe(
      'Invalid version-file ".tool-versions": expected either version or version-file, not both (version is "1.9.4").',
    );
  });

  it('reads a version-file relative to the workspace and says where the version came from', () => {
    const dir = workspace();
    writeFileSync(join(dir, '.tool-versions'), 'terraform 1.9.0\npacker 1.10.3\n');
    expect(parseSetupPackerOptions({ versionFile: '.tool-versions' }, { cwd: dir })).toMatchObject({
      request: { kind: 'exact', version: '1.10.3' },
      requestText: '1.10.3 (from .tool-versions)',
    });
  });

  it('refuses an unreadable version-file, naming it and why', () => {
    const dir = workspace();
    expect(
      refusal(() => parseSetupPackerOptions({ versionFile: 'missing/.packer-version' }, { cwd: dir })),
    ).toBe('Invalid version-file "missing/.packer-version": expected a readable file (ENOENT).');
  });

  it('refuses a version-file whose version is not one, naming the value and the file', () => {
    const dir = workspace();
    writeFileSync(join(dir, '.packer-version'), 'stable\n');
    expect(refusal(() => parseSetupPackerOptions({ versionFile: '.packer-version' }, { cwd: dir }))).toBe(
      'Invalid version-file ".packer-version": expected a file holding latest, a version such as 1.11.2, or a semver range such as ~1.11; it holds none (its content is not shown).',
    );
  });
});

describe('version files', () => {
  it('.tool-versions: the packer line, its first version, ignoring comments and other tools', () => {
    const text = '# tools\nnodejs 24.1.0\npacker   1.10.0 1.9.4  # pinned for the AMI\nterraform 1.9.0\n';
    expect(parseVersionFileText('.tool-versions', text)).toBe('1.10.0');
    expect(() => parseVersionFileText('.tool-versions', 'nodejs 24\n# packer 1.9.0\n')).toThrow(
      'Invalid version-file ".tool-versions": expected a .tool-versions file with a line "packer <version>".',
    );
  });

  it('.packer-version: the first non-comment line', () => {
    expect(parseVersionFileText('.packer-version', '# pinned\n\nv1.9.4\n')).toBe('v1.9.4');
    expect(parseVersionFileText('.packer-version', '~1.11\r\n')).toBe('~1.11');
    expect(() => parseVersionFileText('.packer-version', '\n# nothing\n')).toThrow(
      'Invalid version-file ".packer-version": expected a file holding a Packer version, such as 1.11.2.',
    );
  });

  it('a template: its required_version constraint, as a semver range', () => {
    const template = [
      'packer {',
      '  required_version = ">= 1.9.0, < 1.11.0"',
      '  required_plugins {',
      '    amazon = { version = ">= 1.2.0", source = "github.com/hashicorp/amazon" }',
      '  }',
      '}',
    ].join('\n');
    expect(parseVersionFileText('ami.pkr.hcl', template)).toBe('>=1.9.0 <1.11.0');
    expect(() => parseVersionFileText('ami.pkr.hcl', 'source "null" "x" {}\n')).toThrow(
      'Invalid version-file "ami.pkr.hcl": expected a Packer template with required_version = "<constraint>" in its packer block.',
    );
    expect(() => parseVersionFileText('ami.pkr.hcl', 'packer {\n required_version = "soon"\n}')).toThrow(
      'Invalid version-file "ami.pkr.hcl": expected a required_version Packer understands (it holds none).',
    );
  });
});

describe('hclConstraintToSemverRange', () => {
  it.each([
    ['>= 1.7.0', '>=1.7.0'],
    ['1.9.4', '1.9.4'],
    ['= 1.9', '1.9.0'],
    ['~> 1.10', '>=1.10.0 <2.0.0'],
    ['~> 1.10.2', '>=1.10.2 <1.11.0'],
    ['~> 1', '>=1.0.0 <2.0.0'],
    ['>= 1.2.0, < 2.0.0', '>=1.2.0 <2.0.0'],
    ['>= 1.10, != 1.10.1', '>=1.10.0 <1.10.1 || >=1.10.0 >1.10.1'],
  ])('translates %s', (constraint, range) => {
    expect(hclConstraintToSemverRange(constraint)).toBe(range);
  });

  it('means what Packer means: ~> lets only the last given segment grow, != excludes one version', () => {
    const pessimistic = hclConstraintToSemverRange('~> 1.10.2') ?? '';
    expect(['1.10.2', '1.10.9'].every((v) => semver.satisfies(v, pessimistic))).toBe(true);
    expect(['1.10.1', '1.11.0'].some((v) => semver.satisfies(v, pessimistic))).toBe(false);
    const excluding = hclConstraintToSemverRange('>= 1.10, != 1.10.1') ?? '';
    expect(['1.10.0', '1.10.2', '1.11.0'].every((v) => semver.satisfies(v, excluding))).toBe(true);
    expect(['1.9.9', '1.10.1'].some((v) => semver.satisfies(v, excluding))).toBe(false);
  });

  it.each(['soon', '>= one', '>= 1.0.0,', '=> 1.2'])('gives up on %s', (constraint) => {
    expect(hclConstraintToSemverRange(constraint)).toBeUndefined();
  });
});
