import {
  bakeAmi,
  BAKE_OUTPUTS,
  clusterText,
  createAwsClients,
  describeCluster,
  describeError,
  heartbeatFromEnv,
  describeLockHolder,
  breakClusterLock,
  installPacker,
  parseBakeOptions,
  parseClusterName,
  parseDeployRequest,
  deployInWaves,
  wavesOutputs,
  wavesError,
  provenanceText,
  parseCleanupOptions,
  cleanupCluster,
  clusterStatus,
  clusterStatusText,
  groupStatus,
  parseGroupVerbOptions,
  runGroupVerb,
  type GroupVerb,
  parsePruneOptions,
  parseRollbackOptions,
  progressLine,
  pruneAfterBake,
  prunedAmiIds,
  pruneAmis,
  parseSetupPackerOptions,
  readPackerVersion,
  required,
  runOwnerFrom,
  runUrlFrom,
  rollback,
  ROLLBACK_OUTPUTS,
  servingGroup,
  SETUP_PACKER_OUTPUTS,
  UNLOCK_INPUTS,
  systemRuntime,
  VERSION,
  devBoxVersion,
  vagrantfileBox,
  type BakeProvenance,
  type Cluster,
  type LockOwner,
  type Logger,
  type ProgressListener,
  type Runtime,
} from '@immutable-actions/core';
import {
  commandHelp,
  parseCommandLine,
  shortUsage,
  UsageError,
  usage,
  STATUS_INPUTS,
  type CommandName,
  type ParsedCommandLine,
} from './args';

export {
  COMMANDS,
  STATUS_INPUTS,
  ACTION_ONLY_INPUTS,
  commandFlags,
  commandHelp,
  parseCommandLine,
  usage,
  UsageError,
} from './args';
export type { CommandLine, CommandName, Flag, ParsedCommandLine } from './args';

export interface Writable {
  write(text: string): unknown;
  /** A terminal: waits show a live progress line there. */
  isTTY?: boolean;
}

/**
 * What the CLI touches besides AWS, injectable for tests. `env` is what the CLI itself reads (region
 * fallback, who deploys, provenance, Packer's environment, IMMUTABLE_DEBUG); the AWS SDK reads credentials
 * and AWS_ENDPOINT_URL from process.env on its own.
 */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Where relative paths (template, version-file, working-directory) resolve from; process.cwd() by default. */
  cwd?: string;
  /** Aborts a running deploy, rollback or bake (bin wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
  /** The clock for ages in `status`; Date.now by default. */
  now?: () => number;
}

/** Runs one command line; resolves to the exit code: 0 done, 1 failed, 2 usage error. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // The dev VM's verbs take their own flags (no action behind them).
  if (argv[0] === 'dev-vm') return (await import('./dev-vm')).runDevVm(argv.slice(1), io);
  let line;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`immutable: ${error.message}\n${shortUsage(error.command)}\n`);
    return 2;
  }
  if (line.kind === 'help') {
    io.stdout.write(`${line.command ? commandHelp(line.command) : usage()}\n`);
    return 0;
  }
  if (line.kind === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  try {
    await RUNNERS[line.command](line, context(line, io));
    return 0;
  } catch (error) {
    io.stderr.write(`immutable: ${describeError(error)}\n`);
    if (io.env.IMMUTABLE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

interface Context {
  io: CliIo;
  runtime: Runtime;
  /** Human text goes to stdout; with --json only the result does, and progress goes to stderr. */
  print(text: string): void;
  result(value: unknown): void;
  json: boolean;
  region(region: string | undefined): string | undefined;
  now(): number;
  cwd: string;
}

function context(line: ParsedCommandLine, io: CliIo): Context {
  const progress = line.json ? io.stderr : io.stdout;
  const live = progress.isTTY ? liveProgress(progress) : undefined;
  const logger: Logger = {
    info: (m) => live?.print(`${m}\n`) ?? progress.write(`${m}\n`),
    warn: (m) =>
      live && io.stderr === progress ? live.print(`warning: ${m}\n`) : io.stderr.write(`warning: ${m}\n`),
    debug: (m) => {
      if (io.env.IMMUTABLE_DEBUG) logger.info(m);
    },
  };
  const heartbeatMs = heartbeatFromEnv(io.env) ?? (live ? LIVE_HEARTBEAT_MS : undefined);
  return {
    io,
    runtime: systemRuntime(logger, { progress: live?.listener, heartbeatMs }),
    json: line.json,
    print: (text) => {
      if (!line.json) io.stdout.write(`${text}\n`);
    },
    result: (value) => {
      if (line.json) io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    // The core falls back to process.env; the injected env comes first so tests and callers can set it.
    region: (region) => region ?? (io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || undefined),
    now: io.now ?? Date.now,
    cwd: io.cwd ?? process.cwd(),
  };
}

/** On a terminal the live line ticks every second; the sleeps are only cut, no AWS call is added. */
const LIVE_HEARTBEAT_MS = 1_000;

/**
 * A terminal's presentation of progress: one line rewritten in place (\r, erase to the end) at each change
 * and beat; other lines print above it, and the wait's last word stays as a line of its own.
 */
export function liveProgress(out: Writable): { listener: ProgressListener; print(text: string): void } {
  let current = '';
  const erase = (): void => {
    if (current) out.write('\r\x1b[K');
  };
  return {
    listener: (event) => {
      erase();
      if (event.kind === 'done') {
        current = '';
        if (event.attempts > 1) out.write(`${progressLine(event)}\n`);
        return;
      }
      current = progressLine(event);
      out.write(current);
    },
    print: (text) => {
      erase();
      out.write(text);
      if (current) out.write(current);
    },
  };
}

type Runner = (line: ParsedCommandLine, ctx: Context) => Promise<void>;

const RUNNERS: Record<CommandName, Runner> = {
  async deploy(line, ctx) {
    const request = parseDeployRequest(line.raw);
    const waves = await deployInWaves(
      {
        clientsFor: (region) => createAwsClients({ region: ctx.region(region) }),
        runtime: ctx.runtime,
        signal: ctx.io.signal,
        owner: owner(ctx.io.env),
      },
      request,
    );
    // One region that failed: its error alone, as a single deploy's (an alarm rollback still reports).
    if (!waves.multiRegion && waves.failed?.status === 'failed') throw waves.failed.error;
    const outputs = wavesOutputs(waves);
    const reached = waves.regions.filter((r) => r.result);
    const first = reached[0]?.result;
    ctx.result({
      command: 'deploy',
      dryRun: request.settings.dryRun,
      outputs,
      ...(waves.multiRegion
        ? {
            regions: waves.regions.map((r) => ({
              region: r.region,
              wave: r.wave,
              amiId: r.options.amiId,
              status: r.status,
              ...(r.result ? { cluster: clusterJson(r.result.after, ctx.now()) } : {}),
            })),
          }
        : first
          ? {
              plan: first.planText,
              resumed: first.resumed,
              deleted: first.deleted,
              rolledBack: first.rolledBack
                ? { restoredGroup: first.rolledBack.restoredGroup, reason: first.rolledBack.error.message }
                : null,
              cluster: clusterJson(first.after, ctx.now()),
            }
          : {}),
    });
    for (const target of reached) {
      const result = target.result;
      if (!result) continue;
      const where = waves.multiRegion ? `${target.region}: ` : '';
      const promoted = provenanceText(target);
      ctx.print('');
      if (promoted) ctx.print(`${where}AMI ${promoted}.`);
      ctx.print(
        where +
          (result.dryRun
            ? `Dry run: would create ${result.newGroup}; nothing was changed.`
            : result.rolledBack
              ? `Rolled back: ${result.rolledBack.restoredGroup} serves again, ${result.newGroup} is disabled.`
              : `Deployed ${result.newGroup}${result.previousGroup ? ` (${result.previousGroup} disabled, kept warm)` : ''}.`),
      );
      ctx.print(clusterText(result.after, ctx.now()));
    }
    const error = wavesError(waves);
    if (error) throw error;
  },

  async rollback(line, ctx) {
    const options = parseRollbackOptions(line.raw);
    const aws = createAwsClients({ region: ctx.region(options.region) });
    try {
      const result = await rollback(
        { aws, runtime: ctx.runtime, signal: ctx.io.signal, owner: owner(ctx.io.env) },
        options,
      );
      ctx.result({
        command: 'rollback',
        dryRun: result.dryRun,
        outputs: {
          [ROLLBACK_OUTPUTS.asgName]: result.servingGroup,
          [ROLLBACK_OUTPUTS.previousAsgName]: result.disabledGroup ?? '',
        },
        plan: result.planText,
        cluster: clusterJson(result.after, ctx.now()),
      });
      ctx.print('');
      ctx.print(
        result.dryRun
          ? `Dry run: would serve ${result.servingGroup}; nothing was changed.`
          : `Rolled back: ${result.servingGroup} serves${result.disabledGroup ? `, ${result.disabledGroup} is disabled` : ''}.`,
      );
      ctx.print(clusterText(result.after, ctx.now()));
    } finally {
      aws.destroy();
    }
  },

  async status(line, ctx) {
    const cluster = parseClusterName(required(STATUS_INPUTS.cluster, line.raw.cluster)).cluster;
    const aws = createAwsClients({ region: ctx.region(line.raw.region?.trim() || undefined) });
    try {
      const status = await clusterStatus(aws, cluster, ctx.now());
      ctx.result(status);
      ctx.print(clusterStatusText(status));
      // A dev VM built here (immutable dev-vm build) next to what production serves: same recipe, same hash?
      const box = vagrantfileBox(ctx.cwd);
      if (box) {
        const servingHash =
          status.groups.find((g) => g.group === status.serving)?.image?.bakeHash ?? undefined;
        ctx.print(
          `bake hash: serving AMI ${servingHash ?? '(none)'}; local box ${box.name} v${box.version}` +
            (servingHash ? (box.version === devBoxVersion(servingHash) ? ' (same bake)' : ' (differs)') : ''),
        );
      }
    } finally {
      aws.destroy();
    }
  },

  async unlock(line, ctx) {
    const cluster = parseClusterName(required(UNLOCK_INPUTS.cluster, line.raw.cluster)).cluster;
    const aws = createAwsClients({ region: ctx.region(line.raw.region?.trim() || undefined) });
    try {
      const holder = await breakClusterLock(aws, ctx.runtime, cluster);
      ctx.result({ command: 'unlock', cluster, region: aws.region, brokeLockOf: holder ?? null });
      ctx.print('');
      ctx.print(
        holder
          ? `Unlocked ${cluster}: the lock held by ${describeLockHolder(holder)} is broken.`
          : `${cluster} was not locked: nothing to do.`,
      );
    } finally {
      aws.destroy();
    }
  },

  enable: (line, ctx) => groupVerb('enable', line, ctx),
  disable: (line, ctx) => groupVerb('disable', line, ctx),
  resize: (line, ctx) => groupVerb('resize', line, ctx),
  delete: (line, ctx) => groupVerb('delete', line, ctx),

  async bake(line, ctx) {
    const options = parseBakeOptions(line.raw, { workspace: ctx.cwd });
    const result = await bakeAmi({
      options,
      provenance: provenance(ctx.io.env),
      runtime: ctx.runtime,
      env: ctx.io.env,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    });
    const pruned = options.keepAmis ? await pruneAfterBake(result, options.keepAmis, ctx.runtime.logger) : [];
    ctx.result({
      command: 'bake',
      outputs: {
        [BAKE_OUTPUTS.amiId]: result.amiId,
        [BAKE_OUTPUTS.amis]: result.amis,
        [BAKE_OUTPUTS.manifest]: result.manifest,
        [BAKE_OUTPUTS.reused]: result.reused,
        [BAKE_OUTPUTS.prunedAmis]: prunedAmiIds(pruned),
      },
      bakeHash: result.bakeHash,
      lineage: result.lineage,
      packerVersion: result.packerVersion,
    });
    ctx.print('');
    ctx.print(
      `${result.reused ? 'Reused' : 'Baked'} ${Object.entries(result.amis)
        .map(([region, ami]) => `${ami} (${region})`)
        .join(
          ', ',
        )}${result.reused ? ': an earlier bake with the same bake hash' : ` with Packer ${result.packerVersion}`}.`,
    );
  },

  async cleanup(line, ctx) {
    const options = parseCleanupOptions(line.raw);
    const aws = createAwsClients({ region: ctx.region(options.region) });
    try {
      const result = await cleanupCluster(aws, ctx.runtime, options);
      const expired = result.plan.expired.map((g) => g.name);
      ctx.result({
        command: 'cleanup',
        cluster: options.cluster,
        dryRun: options.dryRun,
        expired,
        scaledDown: result.scaledDown,
        deleted: result.deleted,
        spared: result.plan.spared,
      });
      ctx.print('');
      ctx.print(
        options.dryRun
          ? `Dry run: would ${options.delete ? 'delete' : 'scale to zero'} ${expired.length ? expired.join(', ') : 'nothing'}; nothing was changed.`
          : `Scaled to zero: ${result.scaledDown.join(', ') || 'none'}; deleted: ${result.deleted.join(', ') || 'none'}.`,
      );
      ctx.print(
        clusterText(await describeCluster(aws.autoScaling, options.cluster), ctx.runtime.clock.now()),
      );
    } finally {
      aws.destroy();
    }
  },

  async 'prune-amis'(line, ctx) {
    const options = parsePruneOptions(line.raw, { workspace: ctx.cwd });
    const aws = createAwsClients({ region: ctx.region(options.region) });
    try {
      const result = await pruneAmis(
        aws,
        {
          lineage: options.lineage,
          keep: options.keep,
          dryRun: options.dryRun,
          repository: options.repository,
        },
        ctx.runtime.logger,
      );
      ctx.result({
        command: 'prune-amis',
        region: result.region,
        lineage: result.lineage,
        dryRun: result.dryRun,
        kept: result.kept,
        pruned: result.pruned.map((p) => ({ ami: p.ami, snapshots: p.snapshots })),
        spared: result.spared,
      });
      ctx.print('');
      ctx.print(
        `${result.dryRun ? 'Dry run: would prune' : 'Pruned'} ${result.pruned.length} AMI(s) of lineage ${result.lineage} in ${result.region}` +
          `${result.pruned.length ? `: ${result.pruned.map((p) => p.ami).join(', ')}` : ''}; kept ${result.kept.length}, spared ${result.spared.length}` +
          `${result.dryRun ? '; nothing was changed' : ''}.`,
      );
    } finally {
      aws.destroy();
    }
  },

  async 'setup-packer'(line, ctx) {
    const options = parseSetupPackerOptions(line.raw, { cwd: ctx.cwd });
    const installed = await installPacker(options, { logger: ctx.runtime.logger });
    const reported = await readPackerVersion(installed.binary);
    ctx.result({
      command: 'setup-packer',
      outputs: {
        [SETUP_PACKER_OUTPUTS.version]: installed.version,
        [SETUP_PACKER_OUTPUTS.path]: installed.path,
        [SETUP_PACKER_OUTPUTS.cacheHit]: installed.cacheHit,
      },
      binary: installed.binary,
      packerVersion: reported,
    });
    ctx.print('');
    ctx.print(
      `Packer ${installed.version} ${installed.cacheHit ? 'was already in' : 'installed into'} ${installed.path} (packer version: ${reported}).`,
    );
    // A command cannot change its parent shell's PATH: say how.
    ctx.print(`Add it to PATH: export PATH="${installed.path}:$PATH"`);
  },
};

async function groupVerb(verb: GroupVerb, line: ParsedCommandLine, ctx: Context): Promise<void> {
  const options = parseGroupVerbOptions(verb, line.raw);
  const aws = createAwsClients({ region: ctx.region(options.region) });
  try {
    const result = await runGroupVerb(
      { aws, runtime: ctx.runtime, owner: owner(ctx.io.env), signal: ctx.io.signal },
      verb,
      options,
    );
    const after = await clusterStatus(aws, options.cluster, ctx.now());
    ctx.result({ command: verb, ...result, status: after });
    ctx.print('');
    ctx.print(`${result.message}${result.changed ? '.' : ': nothing to do.'}`);
    ctx.print(clusterStatusText(after));
  } finally {
    aws.destroy();
  }
}

function clusterJson(cluster: Cluster, now: number) {
  return {
    cluster: cluster.name,
    serving: servingGroup(cluster)?.name ?? null,
    groups: cluster.groups.map((g) => groupStatus(g, now)),
  };
}

/** Who deploys, recorded on the lock and the new group: the workflow run inside Actions, else the user. */
export const owner = (env: NodeJS.ProcessEnv): LockOwner => runOwnerFrom(env);

/** The same provenance bake-ami records, from the same variables (none outside Actions). */
function provenance(env: NodeJS.ProcessEnv): BakeProvenance {
  const { GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_REF } = env;
  const url = runUrlFrom(env);
  return {
    ...(GITHUB_REPOSITORY ? { repository: GITHUB_REPOSITORY } : {}),
    ...(GITHUB_SHA ? { commit: GITHUB_SHA } : {}),
    ...(GITHUB_REF ? { ref: GITHUB_REF } : {}),
    ...(url ? { runUrl: url } : {}),
  };
}
