import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImmutableError, isImmutableError } from '../../errors';
import { realSleep, silentLogger, type Logger, type Sleep } from '../../runtime';
import {
  downloadBytes,
  downloadToFile,
  proxyAwareGet,
  splitCredentials,
  type DownloadPolicy,
  type HttpGet,
} from './http';
import type { SetupPackerOptions } from './options';
import {
  describeRequest,
  newestVersions,
  parseReleaseIndex,
  parseSha256Sums,
  pickVersion,
  releaseFiles,
  releasePlatform,
  releaseUrl,
  type ReleaseIndex,
} from './releases';
import {
  binaryName,
  cacheDir,
  cachedVersions,
  commitToCache,
  defaultToolCacheRoot,
  isCached,
  stagingDir,
} from './tool-cache';
import { checkSha256, readTrustedKey, sha256File, verifySumsSignature } from './verify';
import { extractPackerBinary } from './zip';

/** What the installer touches outside itself; every field defaults to the real thing. */
export interface InstallEnvironment {
  http?: HttpGet;
  toolCacheRoot?: string;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Where downloads go before they are verified (RUNNER_TEMP on a runner). */
  tempDir?: string;
  logger?: Logger;
  now?: () => Date;
  /** How long index.json may take; the zip download is bounded by undici's own idle timeouts. */
  indexTimeoutMs?: number;
  /** Waits between download retries. */
  sleep?: Sleep;
  /** The first retry's wait (doubling after): 1 s. */
  retryBackoffMs?: number;
  limits?: Partial<DownloadLimits>;
  /** Reads what an installed binary says it is; `packer version` by default. */
  readVersion?: (binary: string) => Promise<string>;
}

/** Bytes allowed per file: far above any Packer release, far below what would fill a runner's disk. */
export interface DownloadLimits {
  index: number;
  sums: number;
  signature: number;
  zip: number;
  binary: number;
}

export const DOWNLOAD_LIMITS: DownloadLimits = {
  index: 64 * 1024 * 1024,
  sums: 64 * 1024,
  signature: 64 * 1024,
  zip: 256 * 1024 * 1024,
  binary: 512 * 1024 * 1024,
};

export interface InstalledPacker {
  version: string;
  /** The folder holding the binary: the one to add to PATH. */
  path: string;
  binary: string;
  cacheHit: boolean;
}

/**
 * Resolves, downloads, verifies and installs Packer into the tool cache. Verification order: the signature
 * over SHA256SUMS first (small, fails fast), then the zip against the sums, and only then extraction.
 */
export async function installPacker(
  options: SetupPackerOptions,
  environment: InstallEnvironment = {},
): Promise<InstalledPacker> {
  const logger = environment.logger ?? silentLogger;
  const limits = { ...DOWNLOAD_LIMITS, ...environment.limits };
  const mirror = splitCredentials(options.mirrorUrl);
  const policy: DownloadPolicy = {
    http: environment.http ?? proxyAwareGet(),
    allowCrossOriginRedirects: options.allowCrossOriginRedirects,
    ...(mirror.authorization ? { authorization: mirror.authorization } : {}),
    sleep: environment.sleep ?? realSleep,
    logger,
    // The environment variable is for tests of the bundle, which cannot inject a clock (as IMMUTABLE_AWS_MAX_ATTEMPTS).
    backoffMs: environment.retryBackoffMs ?? Number(process.env.IMMUTABLE_DOWNLOAD_BACKOFF_MS || 1000),
  };
  const mirrorUrl = mirror.url.replace(/\/+$/, '');
  const root = environment.toolCacheRoot ?? defaultToolCacheRoot();
  const nodePlatform = environment.platform ?? process.platform;
  const nodeArch = environment.arch ?? process.arch;
  const platform = releasePlatform(nodePlatform, nodeArch);
  const binary = binaryName(nodePlatform);
  const request = options.request;
  const fromCache = (version: string): InstalledPacker => {
    const path = cacheDir(root, version, nodeArch);
    return { version, path, binary: join(path, binary), cacheHit: true };
  };

  // An exact version already installed needs no network at all.
  if (request.kind === 'exact' && isCached(root, request.version, nodeArch, binary)) {
    logger.info(
      `Packer ${request.version} is in the tool cache at ${cacheDir(root, request.version, nodeArch)}.`,
    );
    return fromCache(request.version);
  }

  const indexUrl = releaseUrl(mirrorUrl, 'index.json');
  const indexShown = releaseUrl(options.mirrorUrlShown, 'index.json');
  let index: ReleaseIndex;
  try {
    index = await fetchIndex(
      policy,
      indexUrl,
      indexShown,
      environment.indexTimeoutMs ?? 60_000,
      limits.index,
    );
  } catch (error) {
    if (!isImmutableError(error, 'DOWNLOAD_FAILED')) throw error;
    const cached = pickVersion(request, cachedVersions(root, nodeArch, binary));
    if (cached === undefined) {
      throw new ImmutableError(
        'DOWNLOAD_FAILED',
        `Cannot reach the Packer mirror ${options.mirrorUrlShown} (${error.message}) and no cached Packer satisfies ${options.requestText}.`,
        { cause: error },
      );
    }
    logger.warn(
      `Cannot reach the Packer mirror ${options.mirrorUrlShown} (${error.message}); using the cached Packer ${cached}, which satisfies ${options.requestText}.`,
    );
    return fromCache(cached);
  }

  const version = pickVersion(request, index.keys());
  if (version === undefined) {
    const newest = newestVersions(index.keys(), 3).join(', ') || 'none';
    throw new ImmutableError(
      'NOT_FOUND',
      `No Packer version matches ${options.requestText} in ${indexShown} (newest listed: ${newest}).`,
    );
  }
  if (version !== describeRequest(request))
    logger.info(`Resolved Packer ${options.requestText} to ${version}.`);
  if (isCached(root, version, nodeArch, binary)) {
    logger.info(`Packer ${version} is in the tool cache at ${cacheDir(root, version, nodeArch)}.`);
    return fromCache(version);
  }

  const trusted = options.verify ? await readTrustedKey(options.publicKey) : undefined;
  const files = releaseFiles(index.get(version), version, platform, trusted?.shortId);
  const url = (file: string): string => releaseUrl(mirrorUrl, version, file);
  const shownUrl = (file: string): string => releaseUrl(options.mirrorUrlShown, version, file);

  const sumsBytes = await downloadBytes(policy, url(files.sums), limits.sums);
  if (trusted) {
    const signature = await downloadBytes(policy, url(files.signature), limits.signature);
    await verifySumsSignature(sumsBytes, signature, trusted, files, environment.now?.() ?? new Date());
    logger.info(`${files.sums} is signed by the trusted key ${trusted.fingerprint}.`);
  } else {
    logger.warn(
      `verify is false: the signature of ${files.sums} is not checked (the zip is still checked against it).`,
    );
  }
  const expected = parseSha256Sums(new TextDecoder().decode(sumsBytes)).get(files.zip);

  const tempBase = environment.tempDir ?? tmpdir();
  mkdirSync(tempBase, { recursive: true });
  const temp = mkdtempSync(join(tempBase, 'setup-packer-'));
  let staged: string | undefined;
  try {
    const zipPath = join(temp, files.zip);
    logger.info(`Downloading ${shownUrl(files.zip)}`);
    await downloadToFile(policy, url(files.zip), zipPath, limits.zip);
    checkSha256(files.zip, files.sums, expected, await sha256File(zipPath));
    logger.info(`${files.zip} matches its SHA-256 in ${files.sums}.`);

    staged = stagingDir(root, version, nodeArch);
    await extractPackerBinary(zipPath, staged, binary, limits.binary, files.zip);
    // A signature proves who published a file, not which version it is: the binary must say so itself.
    await checkReportedVersion(
      join(staged, binary),
      version,
      files.zip,
      environment.readVersion ?? readPackerVersion,
    );
    const path = commitToCache(root, version, nodeArch, staged, binary);
    staged = undefined;
    logger.info(`Installed Packer ${version} into ${path}.`);
    return { version, path, binary: join(path, binary), cacheHit: false };
  } finally {
    rmSync(temp, { recursive: true, force: true });
    if (staged) rmSync(staged, { recursive: true, force: true });
  }
}

async function fetchIndex(
  policy: DownloadPolicy,
  indexUrl: string,
  shown: string,
  timeoutMs: number,
  maxBytes: number,
): Promise<ReleaseIndex> {
  const bytes = await downloadBytes(policy, indexUrl, maxBytes, AbortSignal.timeout(timeoutMs));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ImmutableError('DOWNLOAD_FAILED', `${shown} is not JSON.`, { cause: error });
  }
  return parseReleaseIndex(json, shown);
}

/** `Packer v1.11.2` (and, from some builds, more lines) must name exactly the version being installed. */
async function checkReportedVersion(
  binary: string,
  version: string,
  zipName: string,
  readVersion: (binary: string) => Promise<string>,
): Promise<void> {
  let line: string;
  try {
    line = await readVersion(binary);
  } catch (error) {
    throw new ImmutableError(
      'VERIFY_FAILED',
      `Refusing ${zipName}: its packer does not run \`packer version\` (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  const reported = /^Packer v(\S+)/.exec(line)?.[1];
  if (reported !== version) {
    throw new ImmutableError(
      'VERIFY_FAILED',
      `Refusing ${zipName}: its packer reports ${reported ? `version ${reported.slice(0, 40)}` : 'no version'}, not ${version}.`,
    );
  }
}

/** Runs `packer version` (checkpoint off: no phone-home, no wait on a closed network) and returns its first line. */
export function readPackerVersion(binary: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      ['version'],
      { env: { ...process.env, CHECKPOINT_DISABLE: '1' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new ImmutableError(
              'PACKER_FAILED',
              `${binary} version failed: ${stderr.trim() || error.message}`,
              {
                cause: error,
              },
            ),
          );
        } else {
          resolve(stdout.trim().split(/\r?\n/)[0] ?? '');
        }
      },
    );
  });
}
