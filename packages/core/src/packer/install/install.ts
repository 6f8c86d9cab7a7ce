import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImmutableError, isImmutableError } from '../../errors';
import { silentLogger, type Logger } from '../../runtime';
import { downloadBytes, downloadToFile, proxyAwareGet, type HttpGet } from './http';
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
import { extractZip } from './zip';

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
}

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
  const http = environment.http ?? proxyAwareGet();
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

  const indexUrl = releaseUrl(options.mirrorUrl, 'index.json');
  let index: ReleaseIndex;
  try {
    index = await fetchIndex(http, indexUrl, environment.indexTimeoutMs ?? 60_000);
  } catch (error) {
    if (!isImmutableError(error, 'DOWNLOAD_FAILED')) throw error;
    const cached = pickVersion(request, cachedVersions(root, nodeArch, binary));
    if (cached === undefined) {
      throw new ImmutableError(
        'DOWNLOAD_FAILED',
        `Cannot reach the Packer mirror ${options.mirrorUrl} (${error.message}) and no cached Packer satisfies ${options.requestText}.`,
        { cause: error },
      );
    }
    logger.warn(
      `Cannot reach the Packer mirror ${options.mirrorUrl} (${error.message}); using the cached Packer ${cached}, which satisfies ${options.requestText}.`,
    );
    return fromCache(cached);
  }

  const version = pickVersion(request, index.keys());
  if (version === undefined) {
    const newest = newestVersions(index.keys(), 3).join(', ') || 'none';
    throw new ImmutableError(
      'NOT_FOUND',
      `No Packer version matches ${options.requestText} in ${indexUrl} (newest listed: ${newest}).`,
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
  const url = (file: string): string => releaseUrl(options.mirrorUrl, version, file);

  const sumsBytes = await downloadBytes(http, url(files.sums));
  if (trusted) {
    const signature = await downloadBytes(http, url(files.signature));
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
    logger.info(`Downloading ${url(files.zip)}`);
    await downloadToFile(http, url(files.zip), zipPath);
    checkSha256(files.zip, files.sums, expected, await sha256File(zipPath));
    logger.info(`${files.zip} matches its SHA-256 in ${files.sums}.`);

    staged = stagingDir(root, version, nodeArch);
    const extracted = await extractZip(zipPath, staged, files.zip);
    if (!existsSync(join(staged, binary))) {
      throw new ImmutableError(
        'VERIFY_FAILED',
        `Refusing ${files.zip}: it holds no ${binary} (it holds ${extracted.join(', ') || 'nothing'}).`,
      );
    }
    const path = commitToCache(root, version, nodeArch, staged, binary);
    staged = undefined;
    logger.info(`Installed Packer ${version} into ${path}.`);
    return { version, path, binary: join(path, binary), cacheHit: false };
  } finally {
    rmSync(temp, { recursive: true, force: true });
    if (staged) rmSync(staged, { recursive: true, force: true });
  }
}

async function fetchIndex(http: HttpGet, indexUrl: string, timeoutMs: number): Promise<ReleaseIndex> {
  const bytes = await downloadBytes(http, indexUrl, AbortSignal.timeout(timeoutMs));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new ImmutableError('DOWNLOAD_FAILED', `${indexUrl} is not JSON.`, { cause: error });
  }
  return parseReleaseIndex(json, indexUrl);
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
