import type { AwsClients } from '../aws/clients';
import { describeCluster, servingGroup, type Cluster } from '../cluster/describe';
import { describeLock, mayTakeOver, type LockOwner } from '../cluster/lock';
import type { Capacity, ServerGroup } from '../cluster/model';
import { TAGS, isUnfinished, recordedCapacity } from '../cluster/tags';
import { deploy, type DeployResult } from '../deploy/deploy';
import { deployOptionsFor } from '../deploy/options';
import { resolveRollbackImage } from './resolve-image';
import { ImmutableError, invalidInput } from '../errors';
import type { HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import { LOCAL_OWNER, rerunKey } from '../run';
import type { Runtime } from '../runtime';
import { gateWrites, runWorkflow, type WorkflowEvent } from '../workflow/runner';
import { ROLLBACK_INPUTS, type RollbackOptions } from './options';
import { ROLLBACK_STEPS, type RollbackState } from './steps';

export { ROLLBACK_STEPS } from './steps';

/** A step's name: `lock`, `mark`, `resize`, … (the crash tests kill before each). */
export type RollbackStep = string;

export interface RollbackContext {
  aws: AwsClients;
  runtime: Runtime;
  signal?: AbortSignal | undefined;
  owner?: LockOwner | undefined;
  beforeStep?: ((step: RollbackStep) => void | Promise<void>) | undefined;
  onEvent?: ((event: WorkflowEvent) => void | Promise<void>) | undefined;
  pollDelays?: { minDelayMs: number; maxDelayMs: number };
}

export interface RollbackPlan {
  options: RollbackOptions;
  cluster: Cluster;
  /** The bad group, serving now (undefined when nothing serves). */
  bad: ServerGroup | undefined;
  /** The group to restore; undefined when the AMI's group is gone and it is deployed anew. */
  target: ServerGroup | undefined;
  redeployAmi: string | undefined;
  /** Set when the target was scaled down and must first grow back to the serving capacity. */
  resizeTo: Capacity | undefined;
  resumed: boolean;
  /** A re-run of a rollback this same run already finished: nothing left to do. */
  done: boolean;
}

export interface RollbackResult {
  dryRun: boolean;
  plan: RollbackPlan;
  planText: string[];
  servingGroup: string;
  disabledGroup: string | undefined;
  health: PollOutcome<HealthReport> | undefined;
  redeploy: DeployResult | undefined;
  before: Cluster;
  after: Cluster;
}

type Clients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2' | 'region'>;

/**
 * Resolves and validates everything a rollback needs, changing nothing. With `waitingForLock`, a deploy
 * in flight is not an error yet: the rollback waits for its lock and plans again.
 */
export async function planRollback(
  aws: Clients,
  options: RollbackOptions,
  owner: LockOwner,
  waitingForLock = false,
  read?: Cluster,
): Promise<RollbackPlan> {
  const cluster = read ?? (await describeCluster(aws.autoScaling, options.cluster));
  if (cluster.groups.length === 0) {
    throw invalidInput(
      ROLLBACK_INPUTS.cluster,
      options.cluster,
      `a cluster with groups (no ${options.cluster}-vNNN group in ${aws.region})`,
    );
  }
  // A rollback that a crash interrupted: the bad group says where it was going.
  const interrupted = cluster.groups.find((g) => g.tags[TAGS.rollbackTo] && g.enabled);
  const resumeTarget =
    interrupted && cluster.groups.find((g) => g.name === interrupted.tags[TAGS.rollbackTo]);
  if (interrupted && resumeTarget) {
    return {
      options,
      cluster,
      bad: interrupted,
      target: resumeTarget,
      redeployAmi: undefined,
      resizeTo: resizeFor(resumeTarget, interrupted),
      resumed: true,
      done: false,
    };
  }
  const serving = servingGroup(cluster);
  const finished = cluster.groups.find(
    (g) =>
      !g.enabled && g.tags[TAGS.rollbackBy] === rerunKey(owner) && g.tags[TAGS.rollbackTo] === serving?.name,
  );
  if (finished && serving && options.to.kind === 'previous') {
    const base = { options, cluster, redeployAmi: undefined, resizeTo: undefined };
    return { ...base, bad: finished, target: serving, resumed: true, done: true };
  }
  const deploying = cluster.groups.find((g) => isUnfinished(g.phase));
  if (deploying && !waitingForLock) {
    throw new ImmutableError(
      'CONFLICT',
      `Cluster ${options.cluster} is in the middle of a deploy (${deploying.name} is ${deploying.phase}): let it finish, or re-run it, before rolling back.`,
    );
  }
  const bad = serving;
  const target = await pickTarget(aws, options, cluster, bad);
  if (typeof target === 'string') {
    return {
      options,
      cluster,
      bad,
      target: undefined,
      redeployAmi: target,
      resizeTo: undefined,
      resumed: false,
      done: false,
    };
  }
  return {
    options,
    cluster,
    bad,
    target,
    redeployAmi: undefined,
    resizeTo: bad ? resizeFor(target, bad) : undefined,
    resumed: false,
    done: false,
  };
}

/** Spinnaker's order: the group named, or the group running the AMI named, or the newest disabled group older than the serving one. */
async function pickTarget(
  aws: Clients,
  options: RollbackOptions,
  cluster: Cluster,
  bad: ServerGroup | undefined,
): Promise<ServerGroup | string> {
  const candidates = cluster.groups.filter(
    (g) => g !== bad && !g.enabled && g.phase !== 'failed' && !isUnfinished(g.phase),
  );
  const to = options.to;
  if (to.kind === 'previous') {
    const older = candidates.filter((g) => !bad || g.createdTime.getTime() < bad.createdTime.getTime());
    const target = older.at(-1);
    if (!target) {
      throw new ImmutableError(
        'NOT_FOUND',
        `Cluster ${options.cluster} has no rollback candidate: no disabled group older than ${bad?.name ?? 'the newest group'} (name one with to:, or an AMI to deploy anew).`,
      );
    }
    return target;
  }
  if (to.kind === 'group') {
    if (bad?.name === to.name)
      throw invalidInput(ROLLBACK_INPUTS.to, to.name, 'a group other than the one serving now');
    const target = cluster.groups.find((g) => g.name === to.name);
    if (!target)
      throw invalidInput(ROLLBACK_INPUTS.to, to.name, `an existing group of cluster ${options.cluster}`);
    return target;
  }
  if (bad?.amiId === to.amiId)
    throw invalidInput(ROLLBACK_INPUTS.to, to.amiId, `an AMI other than the one serving now (${bad.name})`);
  const byAmi = candidates.filter((g) => g.amiId === to.amiId).at(-1);
  if (byAmi) return byAmi;
  return resolveRollbackImage(aws, to.amiId, options.cluster, options.allowedAmiOwners);
}

/**
 * A target scaled down (or to zero, its capacity recorded) first grows back to the larger of its own
 * capacity and the serving group's, as Spinnaker's rollback does.
 */
function resizeFor(target: ServerGroup, bad: ServerGroup): Capacity | undefined {
  const base = recordedCapacity(target.tags) ?? target.capacity;
  const desired = Math.max(base.desired, bad.capacity.desired);
  if (target.capacity.desired >= desired) return undefined;
  return {
    min: Math.max(base.min, bad.capacity.min),
    desired,
    max: Math.max(base.max, bad.capacity.max, desired),
  };
}

export function describeRollbackPlan(plan: RollbackPlan): string[] {
  if (plan.done) {
    return [`Already rolled back by this run: ${plan.target?.name} serves, ${plan.bad?.name} is disabled`];
  }
  const lines: string[] = [];
  if (plan.resumed)
    lines.push(`Finishing an interrupted rollback from ${plan.bad?.name} to ${plan.target?.name}`);
  if (plan.redeployAmi) {
    lines.push(
      `No group of ${plan.options.cluster} runs ${plan.redeployAmi} any more: deploy it as a new group (red/black)`,
    );
    return lines;
  }
  const target = plan.target?.name ?? '?';
  if (plan.resizeTo && plan.target?.tags[TAGS.warmPool] !== undefined) {
    lines.push(
      `Start ${target} again: grow it back to ${plan.resizeTo.desired} instance(s) out of the warm pool its instances wait in, stopped`,
    );
  } else if (plan.resizeTo && plan.target && recordedCapacity(plan.target.tags)) {
    lines.push(
      `Scale ${target} back up to ${plan.resizeTo.desired} instance(s) first: it was scaled to zero to save cost`,
    );
  } else if (plan.resizeTo) {
    lines.push(
      `Resize ${target} to min ${plan.resizeTo.min} / desired ${plan.resizeTo.desired} / max ${plan.resizeTo.max} (it was scaled down)`,
    );
  }
  lines.push(`Enable ${target} (${plan.target?.amiId ?? 'unknown AMI'}) and wait until it is healthy`);
  lines.push(
    plan.bad
      ? `Disable ${plan.bad.name} (${plan.bad.amiId ?? 'unknown AMI'}), keeping it warm`
      : 'Nothing serves now: nothing to disable',
  );
  return lines;
}

/**
 * Explicit rollback as Spinnaker does it and Asgard's activate/deactivate: enable the target (grown
 * back first if it was scaled down), wait until it is healthy, and only then disable the bad group.
 * If the target cannot become healthy, it is disabled again and the bad group keeps serving.
 */
export async function rollback(context: RollbackContext, options: RollbackOptions): Promise<RollbackResult> {
  const { aws, runtime } = context;
  const log = runtime.logger;
  // A live lock of another run means a deploy or rollback is under way: with a lock-timeout, wait for it.
  // The cluster is read beside the lock: planning needs both.
  const [lockRead, clusterRead] = await Promise.allSettled([
    describeLock(aws, options.cluster),
    describeCluster(aws.autoScaling, options.cluster),
  ]);
  if (lockRead.status === 'rejected') throw lockRead.reason;
  if (clusterRead.status === 'rejected') throw clusterRead.reason;
  const held = lockRead.value;
  const owner = context.owner ?? LOCAL_OWNER;
  const waitingForLock =
    options.lockTimeoutMs > 0 && held !== undefined && !mayTakeOver(held.holder, owner) && !options.dryRun;
  const validated = await planRollback(aws, options, owner, waitingForLock, clusterRead.value);
  if (options.dryRun || validated.redeployAmi || validated.done) {
    const planText = describeRollbackPlan(validated);
    for (const line of planText) log.info(line);
    const ami = validated.redeployAmi;
    if (options.dryRun || validated.done || !ami) {
      if (options.dryRun) log.info('Dry run: nothing was changed.');
      return result(validated, planText, { dryRun: options.dryRun, after: validated.cluster });
    }
    const redeploy = await deploy(
      {
        aws,
        runtime,
        signal: context.signal,
        owner: context.owner,
        ...(context.pollDelays ? { pollDelays: context.pollDelays } : {}),
      },
      deployOptionsFor(options.cluster, ami, {
        region: options.region,
        healthTimeoutMs: options.healthTimeoutMs,
        lockTimeoutMs: options.lockTimeoutMs,
        breakLock: options.breakLock,
        // A rollback deletes nothing: every group stays for the next decision.
        maxGroups: Math.max(2, validated.cluster.groups.length + 1),
      }),
    );
    return {
      ...result(validated, planText, { dryRun: false, after: redeploy.after }),
      servingGroup: redeploy.newGroup,
      disabledGroup: redeploy.previousGroup,
      redeploy,
      health: redeploy.health,
    };
  }

  const state: RollbackState = {
    aws,
    runtime,
    signal: context.signal,
    owner,
    pollDelays: context.pollDelays,
    options,
    plan: validated,
    planText: [],
    health: undefined,
    growingSince: undefined,
  };
  state.aws = gateWrites(aws, state);
  await runWorkflow('rollback', ROLLBACK_STEPS, state, runtime, {
    beforeStep: (step) => context.beforeStep?.(step),
    onEvent: (event) => context.onEvent?.(event),
  });
  const after = (await state.after) ?? (await describeCluster(aws.autoScaling, options.cluster));
  return { ...result(state.plan, state.planText, { dryRun: false, after }), health: state.health };
}

function result(
  plan: RollbackPlan,
  planText: string[],
  rest: { dryRun: boolean; after: Cluster },
): RollbackResult {
  return {
    plan,
    planText,
    servingGroup: plan.target?.name ?? plan.bad?.name ?? '',
    disabledGroup: plan.bad?.name,
    health: undefined,
    redeploy: undefined,
    before: plan.cluster,
    ...rest,
  };
}
