import semver from 'semver';
import { ImmutableError } from '../../errors';
import type { VersionRequest } from './options';

/** HashiCorp's names for the platform, as they appear in index.json builds and release file names. */
export interface ReleasePlatform {
  os: string;
  arch: string;
}

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  sunos: 'solaris',
};

const ARCH_NAMES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };

/** Maps node's process.platform / process.arch to HashiCorp's os / arch names. */
export function releasePlatform(platform: NodeJS.Platform, arch: string): ReleasePlatform {
  const os = OS_NAMES[platform];
  const releaseArch = ARCH_NAMES[arch];
  if (!os || !releaseArch) {
    throw new ImmutableError(
      'NOT_FOUND',
      `Packer is not released for this runner's platform ${platform}/${arch}.`,
    );
  }
  return { os, arch: releaseArch };
}

export interface ReleaseBuild {
  os: string;
  arch: string;
  filename: string;
}

export interface ReleaseVersion {
  version: string;
  builds: ReleaseBuild[];
  shasums?: string;
  shasumsSignature?: string;
  shasumsSignatures: string[];
}

export type ReleaseIndex = Map<string, ReleaseVersion>;

/** A file name from index.json is joined to the mirror base, so it must be a plain name, never a path. */
function plainFileName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(value) ? value : undefined;
}

/**
 * Reads `<base>/packer/index.json`. Only names are kept: download URLs are built from the mirror base, since
 * the absolute urls in a copied index point at the site it was copied from.
 */
export function parseReleaseIndex(json: unknown, source: string): ReleaseIndex {
  const versions = (json as { versions?: unknown } | null)?.versions;
  if (!versions || typeof versions !== 'object') {
    throw new ImmutableError(
      'DOWNLOAD_FAILED',
      `${source} is not a release index: it has no "versions" object.`,
    );
  }
  const index: ReleaseIndex = new Map();
  for (const [key, entry] of Object.entries(versions as Record<string, unknown>)) {
    const version = semver.valid(key);
    if (!version || !entry || typeof entry !== 'object') continue;
    const record = entry as Record<string, unknown>;
    const builds: ReleaseBuild[] = [];
    for (const build of Array.isArray(record.builds) ? record.builds : []) {
      const { os, arch, filename } = (build ?? {}) as Record<string, unknown>;
      const name = plainFileName(filename);
      if (typeof os === 'string' && typeof arch === 'string' && name)
        builds.push({ os, arch, filename: name });
    }
    const shasums = plainFileName(record.shasums);
    const shasumsSignature = plainFileName(record.shasums_signature);
    index.set(version, {
      version,
      builds,
      ...(shasums ? { shasums } : {}),
      ...(shasumsSignature ? { shasumsSignature } : {}),
      shasumsSignatures: (Array.isArray(record.shasums_signatures) ? record.shasums_signatures : [])
        .map(plainFileName)
        .filter((name): name is string => name !== undefined),
    });
  }
  return index;
}

/**
 * The newest version that satisfies the request, or undefined. `latest` never picks a prerelease; a range
 * picks one only when it names a prerelease of the same version (semver's rule), an exact version matches itself.
 */
export function pickVersion(request: VersionRequest, available: Iterable<string>): string | undefined {
  const versions = [...available].filter((v) => semver.valid(v));
  switch (request.kind) {
    case 'exact':
      return versions.find((v) => semver.eq(v, request.version));
    case 'latest':
      return semver.rsort(versions.filter((v) => semver.prerelease(v) === null))[0];
    case 'range':
      return semver.maxSatisfying(versions, request.range) ?? undefined;
  }
}

export function newestVersions(available: Iterable<string>, count: number): string[] {
  return semver.rsort([...available].filter((v) => semver.valid(v))).slice(0, count);
}

export function describeRequest(request: VersionRequest): string {
  switch (request.kind) {
    case 'exact':
      return request.version;
    case 'latest':
      return 'latest';
    case 'range':
      return request.range;
  }
}

/** The files of one release on a mirror laid out like releases.hashicorp.com. */
export interface ReleaseFiles {
  version: string;
  zip: string;
  sums: string;
  signature: string;
}

/**
 * The files of one release. Every name is built from the version asked for, never taken from index.json: a
 * hostile index could name another version's genuinely signed files (a signed downgrade). The index only
 * says whether the platform has a build, and whether the trusted key's own signature file is published.
 */
export function releaseFiles(
  release: ReleaseVersion | undefined,
  version: string,
  platform: ReleasePlatform,
  signingKeyShortId: string | undefined,
): ReleaseFiles {
  const zip = `packer_${version}_${platform.os}_${platform.arch}.zip`;
  const build = release?.builds.find((b) => b.os === platform.os && b.arch === platform.arch);
  if (release && !build) {
    const have = release.builds.map((b) => `${b.os}/${b.arch}`).join(', ') || 'none';
    throw new ImmutableError(
      'NOT_FOUND',
      `Packer ${version} has no build for ${platform.os}/${platform.arch} (builds: ${have}).`,
    );
  }
  const sums = `packer_${version}_SHA256SUMS`;
  // HashiCorp publishes one signature per key (`.72D7468F.sig`) beside the plain `.sig`: prefer the trusted key's.
  const perKey = signingKeyShortId ? `${sums}.${signingKeyShortId}.sig` : undefined;
  const listed = (name: string): boolean =>
    release?.shasumsSignatures.some((n) => n.toUpperCase() === name.toUpperCase()) === true;
  return { version, zip, sums, signature: perKey && listed(perKey) ? perKey : `${sums}.sig` };
}

/** Parses a SHA256SUMS file (`<hex>  <file>` lines; `*file` marks binary mode) into file → lowercase hex. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S.*?)\s*$/.exec(line);
    if (match?.[1] && match[2]) sums.set(match[2], match[1].toLowerCase());
  }
  return sums;
}

export function releaseUrl(mirrorUrl: string, ...path: string[]): string {
  return [mirrorUrl, 'packer', ...path.map(encodeURIComponent)].join('/');
}
