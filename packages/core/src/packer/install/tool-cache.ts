import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';

/**
 * The tool cache, laid out as @actions/tool-cache does (`<root>/<tool>/<version>/<arch>/` and a
 * `<arch>.complete` marker beside it), so `tc.find('packer', version)` in other steps sees our installs.
 */
export const TOOL_NAME = 'packer';

/** RUNNER_TOOL_CACHE on a runner; a per-user folder from the CLI. */
export function defaultToolCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TOOL_CACHE || join(homedir(), '.cache', 'immutable-actions', 'tool-cache');
}

export function binaryName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'packer.exe' : 'packer';
}

export function cacheDir(root: string, version: string, arch: string): string {
  return join(root, TOOL_NAME, version, arch);
}

/** Only a folder with its marker counts: a crash mid-install leaves no marker, so no false hit. */
export function isCached(root: string, version: string, arch: string, binary: string): boolean {
  const dir = cacheDir(root, version, arch);
  return existsSync(`${dir}.complete`) && existsSync(join(dir, binary));
}

export function cachedVersions(root: string, arch: string, binary: string): string[] {
  const toolDir = join(root, TOOL_NAME);
  if (!existsSync(toolDir)) return [];
  return readdirSync(toolDir).filter((v) => semver.valid(v) && isCached(root, v, arch, binary));
}

/** A staging folder on the same filesystem as the cache, so moving it into place is one rename. */
export function stagingDir(root: string, version: string, arch: string): string {
  const dir = join(root, TOOL_NAME, version, `.${arch}.staging-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Moves a staged install into place and writes the marker last. */
export function commitToCache(
  root: string,
  version: string,
  arch: string,
  staged: string,
  binary: string,
): string {
  const dir = cacheDir(root, version, arch);
  if (isCached(root, version, arch, binary)) {
    // Another job on this runner finished the same install first: theirs is as good as ours.
    rmSync(staged, { recursive: true, force: true });
    return dir;
  }
  rmSync(`${dir}.complete`, { force: true });
  rmSync(dir, { recursive: true, force: true }); // what a crashed install left behind
  try {
    renameSync(staged, dir);
  } catch (error) {
    // Another job renamed its copy into place between our check and our rename.
    rmSync(staged, { recursive: true, force: true });
    if (isCached(root, version, arch, binary)) return dir;
    throw error;
  }
  writeFileSync(`${dir}.complete`, '');
  return dir;
}
