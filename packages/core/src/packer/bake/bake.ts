import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createAwsClients, resolveRegion } from '../../aws/clients';
import { describeError, ImmutableError, invalidInput } from '../../errors';
import type { Runtime } from '../../runtime';
import { bakeHash, templateFiles } from './hash';
import { bakeLineage } from './lineage';
import {
  commitPluginCache,
  fetchFromMirror,
  isPluginCacheComplete,
  pluginCacheDir,
  pluginCacheKey,
  requiredPlugins,
} from './plugins';
import { BAKE_INPUTS, type BakeOptions } from './inputs';
import type { AmiArtifact } from './machine-readable';
import {
  packerFailure,
  packerHasInit,
  packerVersion as readPackerVersion,
  runPacker,
  type PackerSpawner,
} from './packer-process';
import { bakeTags, findBakedImage, tagImagesAndSnapshots, type BakeProvenance } from './tags';

export interface BakeRequest {
  options: BakeOptions;
  provenance: BakeProvenance;
  runtime: Runtime;
  /** A cancelled job: Packer is interrupted and allowed to clean up. */
  signal?: AbortSignal;
  spawner?: PackerSpawner;
  /** Packer's environment (credentials, PATH); this process's by default. */
  env?: NodeJS.ProcessEnv;
  /** Wraps Packer's human-readable output, e.g. in a collapsible log group. */
  group?: <T>(title: string, body: () => Promise<T>) => Promise<T>;
}

export interface BakeResult {
  /** The AMI in the requested region, or the only one. */
  amiId: string;
  /** Region → AMI, with the `ami_regions` copies. */
  amis: Record<string, string>;
  /** Path of Packer's manifest when the template writes one during this bake, else ''. */
  manifest: string;
  reused: boolean;
  bakeHash: string;
  /** The `immutable:lineage` tag of this bake's AMIs (same template and AMI name prefix). */
  lineage: string;
  packerVersion: string;
  /** The Vagrant box a local source made in this bake (through `only`), else ''. */
  boxPath: string;
}

/** The env var the template's vagrant post-processor reads (`include`) to put the bake hash into a box. */
export const BAKE_HASH_FILE_ENV = 'IMMUTABLE_BAKE_HASH_FILE';
export const BOX_HASH_FILE = 'bake-hash';

const noGroup = <T>(_title: string, body: () => Promise<T>): Promise<T> => body();

/** Validate → reuse an earlier bake of the same inputs, or run Packer → tag every AMI and snapshot. */
export async function bakeAmi(request: BakeRequest): Promise<BakeResult> {
  const { options, runtime } = request;
  const log = runtime.logger;
  const hash = bakeHash(options);
  const lineage = bakeLineage({ ...options, repository: request.provenance.repository });
  log.info(`Bake hash ${hash}, lineage ${lineage}`);

  if (options.skipUnchanged) {
    const reused = await findReusableBake(options, hash, runtime);
    if (reused) return { ...reused, lineage };
  }

  const baseEnv = request.env ?? process.env;
  const spawner = request.spawner;
  const cwd = options.workingDirectory;
  const version = await readPackerVersion(options.packer, cwd, spawner);
  log.info(`Packer ${version}`);
  const env = await preparePlugins(request, version, baseEnv);
  // A local source's vagrant post-processor puts this file into the box: the box carries the bake hash.
  const hashDir = mkdtempSync(join(tmpdir(), 'immutable-bake-'));
  const hashFile = join(hashDir, BOX_HASH_FILE);
  writeFileSync(hashFile, `${hash}\n`);
  env[BAKE_HASH_FILE_ENV] = hashFile;

  const manifestPath = manifestOutputPath(options);
  const startedAt = Date.now();
  const group = request.group ?? noGroup;
  const result = await group(`packer build ${options.template}`, () =>
    runPacker({
      packer: options.packer,
      args: buildArgs(options),
      cwd,
      env,
      ...(spawner ? { spawner } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      onText: (text) => log.info(text.replace(/\n+$/, '')),
    }),
  ).finally(() => rmSync(hashDir, { recursive: true, force: true }));
  if (result.exit.code !== 0) {
    const failure = packerFailure('build', result);
    const made = result.report.artifacts.map((a) => `${a.region}:${a.amiId}`);
    if (made.length === 0) throw failure;
    // e.g. a post-processor failed after the builder made its AMIs: say so, as nobody else will.
    throw new ImmutableError(
      failure.code,
      `${failure.message} (AMIs made before the failure, untagged: ${made.join(', ')})`,
    );
  }
  const artifacts = result.report.artifacts;
  const box = result.report.boxes[0];
  const boxPath = box ? resolve(cwd, box.path) : '';
  if (artifacts.length === 0 && box) {
    log.info(`Built the Vagrant box ${boxPath} (no AMI in this bake).`);
    return {
      amiId: '',
      amis: {},
      manifest: '',
      reused: false,
      bakeHash: hash,
      lineage,
      packerVersion: version,
      boxPath,
    };
  }
  if (artifacts.length === 0) {
    throw new ImmutableError(
      'PACKER_FAILED',
      'packer build succeeded but reported no AMI: bake-ami expects an amazon-ebs (or other AMI) builder.',
    );
  }

  const amis = amisByRegion(artifacts, log.warn.bind(log));
  await tagArtifacts(artifacts, {
    tags: bakeTags({
      provenance: request.provenance,
      packerVersion: version,
      bakeHash: hash,
      regions: Object.keys(amis),
      userTags: options.amiTags,
      lineage,
    }),
    log: log.info.bind(log),
  });

  return {
    amiId: pickAmi(amis, options.region),
    amis,
    manifest: manifestPath && wasWrittenSince(manifestPath, startedAt) ? manifestPath : '',
    reused: false,
    bakeHash: hash,
    lineage,
    packerVersion: version,
    boxPath,
  };
}

export function buildArgs(options: BakeOptions): string[] {
  return [
    'build',
    '-machine-readable',
    '-color=false',
    ...options.vars.flatMap((v) => ['-var', `${v.name}=${v.value}`]),
    ...options.varFiles.map((file) => `-var-file=${fromWorkingDirectory(options, file)}`),
    ...(options.only.length > 0 ? [`-only=${options.only.join(',')}`] : []),
    ...(options.except.length > 0 ? [`-except=${options.except.join(',')}`] : []),
    templateArgument(options),
  ];
}

/** The template as Packer's last argument, never read as a flag: `-debug.pkr.hcl` goes as `./-debug.pkr.hcl`. */
export function templateArgument(options: Pick<BakeOptions, 'workingDirectory' | 'template'>): string {
  const path = fromWorkingDirectory(options, options.template);
  return path.startsWith('-') ? `./${path}` : path;
}

/** Packer runs in the working directory: relative paths keep its messages short (`app.pkr.hcl line 2`). */
function fromWorkingDirectory(options: Pick<BakeOptions, 'workingDirectory'>, path: string): string {
  return relative(options.workingDirectory, path) || '.';
}

async function findReusableBake(
  options: BakeOptions,
  hash: string,
  runtime: Runtime,
): Promise<Omit<BakeResult, 'lineage'> | undefined> {
  const region = resolveRegion(options.region);
  const found = await withEc2(region, (ec2) => findBakedImage(ec2, hash));
  if (!found) {
    runtime.logger.info(`No available AMI tagged with this bake hash in ${region}: baking.`);
    return undefined;
  }
  const amis: Record<string, string> = { [region]: found.amiId };
  for (const other of found.regions.filter((r) => r !== region)) {
    const copy = await withEc2(other, (ec2) => findBakedImage(ec2, hash));
    if (copy) amis[other] = copy.amiId;
    else runtime.logger.warn(`The bake's copy in ${other} is gone: not reusing it.`);
  }
  runtime.logger.info(`Reusing ${found.amiId} (same bake hash): Packer does not run.`);
  return {
    amiId: found.amiId,
    amis,
    manifest: '',
    reused: true,
    bakeHash: hash,
    packerVersion: found.packerVersion ?? '',
    boxPath: '',
  };
}

/**
 * Gets the template's plugins before the build: from the tool cache (keyed by the plugin constraints), else
 * from the private mirror (verified, then `packer plugins install --path`), else with `packer init`. Returns
 * Packer's environment for the build (PACKER_PLUGIN_PATH at the cache, PACKER_GITHUB_API_TOKEN).
 */
async function preparePlugins(
  request: BakeRequest,
  version: string,
  baseEnv: NodeJS.ProcessEnv,
): Promise<NodeJS.ProcessEnv> {
  const { options, runtime } = request;
  const log = runtime.logger;
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  if (options.githubToken) env.PACKER_GITHUB_API_TOKEN = options.githubToken;
  if (options.packerInit === 'false') return env;
  const plugins = requiredPlugins(options);
  const declaresPlugins =
    plugins.length > 0 ||
    templateFiles(options.template, options.templateKind).some((file) =>
      readFileSync(file, 'utf8').includes('required_plugins'),
    );
  if (options.packerInit === 'auto' && !declaresPlugins) return env;
  const hasInit = await packerHasInit(options.packer, options.workingDirectory, request.spawner);
  if (!hasInit) {
    if (options.packerInit === 'true') {
      throw invalidInput(
        BAKE_INPUTS.packerInit,
        'true',
        `a Packer with an init command (${version} has none)`,
      );
    }
    log.info(`The template declares required_plugins, but Packer ${version} has no init: skipped.`);
    return env;
  }

  // The user's own plugin folder wins; the cache needs a tool cache (a runner) and something to key on.
  const cacheRoot = baseEnv.RUNNER_TOOL_CACHE;
  const cached = !baseEnv.PACKER_PLUGIN_PATH && cacheRoot && plugins.length > 0;
  const cacheDir = cached ? pluginCacheDir(cacheRoot, pluginCacheKey(plugins)) : undefined;
  if (cacheDir && isPluginCacheComplete(cacheDir)) {
    log.info(`Plugins from the tool cache (${cacheDir}): packer init skipped.`);
    return { ...env, PACKER_PLUGIN_PATH: cacheDir };
  }
  const staging = cacheDir ? `${cacheDir}.staging-${process.pid}-${Date.now()}` : undefined;
  if (staging) {
    mkdirSync(staging, { recursive: true });
    env.PACKER_PLUGIN_PATH = staging;
  }
  const group = request.group ?? noGroup;
  const run = (title: string, args: string[]) =>
    group(title, () =>
      runPacker({
        packer: options.packer,
        args,
        cwd: options.workingDirectory,
        env,
        ...(request.spawner ? { spawner: request.spawner } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        onText: (text) => log.info(text),
      }),
    );
  try {
    if (options.pluginMirrorUrl) {
      const installs = await fetchFromMirror(options.pluginMirrorUrl, plugins, { log: log.info.bind(log) });
      for (const install of installs) {
        const result = await run(`packer plugins install ${install.plugin.source} ${install.version}`, [
          'plugins',
          'install',
          '--path',
          install.binary,
          install.plugin.source,
        ]);
        if (result.exit.code !== 0) throw packerFailure('plugins install', result);
      }
    } else {
      const result = await run(`packer init ${options.template}`, ['init', templateArgument(options)]);
      if (result.exit.code !== 0) throw packerFailure('init', result);
    }
  } catch (error) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (staging && cacheDir) {
    commitPluginCache(staging, cacheDir);
    log.info(`Plugins cached in ${cacheDir}.`);
    return { ...env, PACKER_PLUGIN_PATH: cacheDir };
  }
  return env;
}

/** Region → AMI. Several builds in one region cannot share the output: the first wins, and we say so. */
export function amisByRegion(
  artifacts: readonly AmiArtifact[],
  warn: (m: string) => void,
): Record<string, string> {
  const amis: Record<string, string> = {};
  for (const artifact of artifacts) {
    const existing = amis[artifact.region];
    if (existing === undefined) amis[artifact.region] = artifact.amiId;
    else if (existing !== artifact.amiId) {
      warn(
        `Several AMIs in ${artifact.region} (${existing}, ${artifact.amiId}): outputs use ${existing}; ` +
          `use ${BAKE_INPUTS.only} to bake one build per step.`,
      );
    }
  }
  return amis;
}

/** The AMI in the requested region, else the one in AWS_REGION, else the only one. */
export function pickAmi(amis: Record<string, string>, region: string | undefined): string {
  const regions = Object.keys(amis);
  if (region !== undefined) {
    const ami = amis[region];
    if (ami) return ami;
    if (regions.length === 1 && regions[0] !== undefined) return amis[regions[0]] ?? '';
    throw new ImmutableError(
      'NOT_FOUND',
      `Packer made no AMI in ${region} (made: ${regions.map((r) => `${r}:${amis[r]}`).join(', ')}).`,
    );
  }
  const fromEnv = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const first = regions[0];
  return (fromEnv && amis[fromEnv]) || (first !== undefined ? (amis[first] ?? '') : '');
}

async function tagArtifacts(
  artifacts: readonly AmiArtifact[],
  context: { tags: ReturnType<typeof bakeTags>; log: (m: string) => void },
): Promise<void> {
  const byRegion = new Map<string, string[]>();
  for (const artifact of artifacts)
    byRegion.set(artifact.region, [...(byRegion.get(artifact.region) ?? []), artifact.amiId]);
  for (const [region, amiIds] of byRegion) {
    try {
      const snapshots = await withEc2(region, (ec2) => tagImagesAndSnapshots(ec2, amiIds, context.tags));
      context.log(`Tagged ${amiIds.join(', ')} and ${snapshots.length} snapshot(s) in ${region}.`);
    } catch (error) {
      throw new ImmutableError(
        'AWS',
        `Baked ${amiIds.join(', ')} in ${region} but could not tag them: ${describeError(error)}`,
        { cause: error },
      );
    }
  }
}

async function withEc2<T>(
  region: string,
  use: (ec2: ReturnType<typeof createAwsClients>['ec2']) => Promise<T>,
) {
  const clients = createAwsClients({ region });
  try {
    return await use(clients.ec2);
  } finally {
    clients.destroy();
  }
}

/**
 * Where the template's manifest post-processor writes, when it has one with a literal output path
 * (Packer's default is packer-manifest.json in its working directory).
 */
export function manifestOutputPath(
  options: Pick<BakeOptions, 'template' | 'templateKind' | 'workingDirectory'>,
) {
  for (const file of templateFiles(options.template, options.templateKind)) {
    const text = readFileSync(file, 'utf8');
    const output = file.endsWith('.json') ? jsonManifestOutput(text) : hclManifestOutput(text);
    if (output === undefined) continue;
    // An expression we cannot evaluate: better no manifest output than a wrong path.
    if (output === null || output.includes('${') || output.includes('{{')) return undefined;
    return resolve(options.workingDirectory, output);
  }
  return undefined;
}

/** undefined: no manifest post-processor; null: one whose output is not a literal string. */
function hclManifestOutput(text: string): string | null | undefined {
  const start = /post-processor\s+"manifest"\s*\{/.exec(text);
  if (!start) return undefined;
  let depth = 0;
  let end = start.index + start[0].length - 1;
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++;
    else if (text[end] === '}' && --depth === 0) break;
  }
  const block = text.slice(start.index, end);
  const output = /^\s*output\s*=\s*(.+)$/m.exec(block)?.[1]?.trim();
  if (output === undefined) return 'packer-manifest.json';
  const literal = /^"([^"]*)"$/.exec(output);
  return literal?.[1] ?? null;
}

function jsonManifestOutput(text: string): string | null | undefined {
  let template: unknown;
  try {
    template = JSON.parse(text);
  } catch {
    return undefined;
  }
  const postProcessors = (template as { 'post-processors'?: unknown })['post-processors'];
  const flat = Array.isArray(postProcessors) ? postProcessors.flat() : [];
  for (const entry of flat) {
    if (typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'manifest') {
      const output = (entry as { output?: unknown }).output;
      if (output === undefined) return 'packer-manifest.json';
      return typeof output === 'string' ? output : null;
    }
  }
  return undefined;
}

function wasWrittenSince(path: string, since: number): boolean {
  // mtime can have a coarse grain: allow a second.
  return existsSync(path) && statSync(path).mtimeMs >= since - 1000;
}
