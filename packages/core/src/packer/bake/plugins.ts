import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import { ImmutableError, invalidInput } from '../../errors';
import { downloadBytes, proxyAwareGet, type DownloadPolicy, type HttpGet } from '../install/http';
import { extractPackerBinary } from '../install/zip';
import { realSleep } from '../../runtime';
import { templateFiles } from './hash';
import type { BakeOptions } from './inputs';

const KIB = 1024;
const MIB = 1024 * KIB;

/** One entry of a template's `required_plugins` block. */
export interface RequiredPlugin {
  name: string;
  source: string;
  version: string;
}

/** The `required_plugins` entries of the template's files (HCL), sorted by source. */
export function requiredPlugins(options: Pick<BakeOptions, 'template' | 'templateKind'>): RequiredPlugin[] {
  const plugins: RequiredPlugin[] = [];
  for (const file of templateFiles(options.template, options.templateKind)) {
    const text = readFileSync(file, 'utf8');
    for (const block of blocksNamed(text, 'required_plugins')) {
      for (const entry of block.matchAll(/([A-Za-z0-9_-]+)\s*=\s*\{([^{}]*)\}/g)) {
        const body = entry[2] ?? '';
        const source = /source\s*=\s*"([^"]*)"/.exec(body)?.[1] ?? '';
        const version = /version\s*=\s*"([^"]*)"/.exec(body)?.[1] ?? '';
        plugins.push({ name: entry[1] ?? '', source, version });
      }
    }
  }
  return plugins.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

function blocksNamed(text: string, name: string): string[] {
  const blocks: string[] = [];
  for (const start of text.matchAll(new RegExp(`\\b${name}\\s*\\{`, 'g'))) {
    let depth = 0;
    let end = (start.index ?? 0) + start[0].length - 1;
    for (; end < text.length; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}' && --depth === 0) break;
    }
    blocks.push(text.slice((start.index ?? 0) + start[0].length, end));
  }
  return blocks;
}

/** Plugins for one set of constraints on one platform: the tool-cache key. */
export function pluginCacheKey(
  plugins: readonly RequiredPlugin[],
  platform = process.platform,
  arch = process.arch,
): string {
  const canonical = JSON.stringify({
    v: 1,
    plugins: plugins.map((p) => [p.source, p.version]),
    platform,
    arch,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** `<root>/packer-plugins/<key>/<arch>` with an `<arch>.complete` marker, as @actions/tool-cache lays tools out. */
export function pluginCacheDir(root: string, key: string, arch = process.arch): string {
  return join(root, 'packer-plugins', key, arch);
}

export function isPluginCacheComplete(dir: string): boolean {
  return existsSync(`${dir}.complete`) && existsSync(dir);
}

/** Moves a staged plugin folder into the cache and writes the marker last (a crash leaves no false hit). */
export function commitPluginCache(staged: string, dir: string): void {
  if (isPluginCacheComplete(dir)) {
    rmSync(staged, { recursive: true, force: true });
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(staged, dir);
  writeFileSync(`${dir}.complete`, '');
}

/** Packer's version constraints (`>= 1.2, < 2`, `~> 1.2`) as a semver range. */
export function constraintRange(constraint: string): string {
  const parts = constraint
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const ranges = parts.map((part) => {
    const match = /^(>=|<=|>|<|=|~>)?\s*v?(\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)$/.exec(part);
    if (!match?.[2])
      throw invalidInput('required_plugins version', constraint, 'a Packer version constraint');
    const [op, version] = [match[1] ?? '=', match[2]];
    if (op !== '~>') return `${op}${semver.coerce(version)?.version ?? version}`;
    // ~> 1.2 allows 1.x from 1.2; ~> 1.2.3 allows 1.2.x from 1.2.3.
    return version.split('.').length >= 3 ? `~${version}` : `^${semver.coerce(version)?.version ?? version}`;
  });
  return ranges.join(' ') || '*';
}

const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
const GO_OS: Record<string, string> = {
  win32: 'windows',
  linux: 'linux',
  darwin: 'darwin',
  freebsd: 'freebsd',
};

export interface MirrorInstall {
  plugin: RequiredPlugin;
  version: string;
  /** The verified plugin binary, for `packer plugins install --path <binary> <source>`. */
  binary: string;
}

/**
 * Fetches each plugin from a private mirror laid out as GitHub's release assets under the source:
 * `<mirror>/<source>/index.json` (`{"versions": ["1.3.0", …]}`), then
 * `<mirror>/<source>/<version>/packer-plugin-<name>_v<version>_SHA256SUMS` and the zip it lists for this
 * platform. The zip's SHA-256 must match before it is extracted.
 */
export async function fetchFromMirror(
  mirrorUrl: string,
  plugins: readonly RequiredPlugin[],
  options: { http?: HttpGet; platform?: NodeJS.Platform; arch?: string; log: (m: string) => void },
): Promise<MirrorInstall[]> {
  // The same hardened download as setup-packer's: retried, same-origin redirects only, sizes capped.
  const http: DownloadPolicy = {
    http: options.http ?? proxyAwareGet(),
    allowCrossOriginRedirects: false,
    sleep: (ms) => realSleep(ms),
    logger: { info: options.log, warn: options.log, debug: () => {} },
  };
  const os = GO_OS[options.platform ?? process.platform] ?? process.platform;
  const arch = GO_ARCH[options.arch ?? process.arch] ?? process.arch;
  const base = mirrorUrl.replace(/\/+$/, '');
  const work = mkdtempSync(join(tmpdir(), 'packer-plugins-'));
  const installs: MirrorInstall[] = [];
  for (const plugin of plugins) {
    const shortName = plugin.source.split('/').pop() ?? plugin.name;
    const where = `${base}/${plugin.source}`;
    const index = JSON.parse(
      Buffer.from(await downloadBytes(http, `${where}/index.json`, 64 * MIB)).toString('utf8'),
    ) as {
      versions?: unknown;
    };
    const versions = Array.isArray(index.versions)
      ? index.versions.filter((v): v is string => typeof v === 'string')
      : [];
    const version = semver.maxSatisfying(
      versions.map((v) => v.replace(/^v/, '')),
      constraintRange(plugin.version),
    );
    if (!version) {
      throw new ImmutableError(
        'NOT_FOUND',
        `The plugin mirror has no ${plugin.source} matching "${plugin.version}" (it has: ${versions.join(', ') || 'none'}).`,
      );
    }
    const sumsName = `packer-plugin-${shortName}_v${version}_SHA256SUMS`;
    const sums = Buffer.from(await downloadBytes(http, `${where}/${version}/${sumsName}`, 64 * KIB)).toString(
      'utf8',
    );
    const zipPattern = new RegExp(
      `^packer-plugin-${shortName}_v${version.replace(/\./g, '\\.')}_x[0-9.]+_${os}_${arch}\\.zip$`,
    );
    const line = sums
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find(([, file]) => file !== undefined && zipPattern.test(file));
    const [expected, zipName] = line ?? [];
    if (!expected || !zipName) {
      throw new ImmutableError(
        'VERIFY_FAILED',
        `Refusing ${plugin.source} ${version}: ${sumsName} lists no ${os}_${arch} zip.`,
      );
    }
    const zip = await downloadBytes(http, `${where}/${version}/${zipName}`, 256 * MIB);
    const actual = createHash('sha256').update(zip).digest('hex');
    if (actual !== expected.toLowerCase()) {
      throw new ImmutableError(
        'VERIFY_FAILED',
        `Refusing ${zipName}: SHA-256 mismatch, expected ${expected} (from ${sumsName}) but the download is ${actual}.`,
      );
    }
    const folder = join(work, shortName);
    mkdirSync(folder, { recursive: true });
    const zipPath = join(folder, zipName);
    writeFileSync(zipPath, zip);
    // HashiCorp's plugin zips hold one binary named as the zip: anything else is refused, as for Packer.
    const binary = zipName.replace(/\.zip$/, '');
    mkdirSync(join(folder, 'out'), { recursive: true });
    await extractPackerBinary(zipPath, join(folder, 'out'), binary, 512 * MIB, zipName);
    options.log(`Verified ${zipName} from the plugin mirror (SHA-256 ${actual}).`);
    installs.push({ plugin, version, binary: join(folder, 'out', binary) });
  }
  return installs;
}
