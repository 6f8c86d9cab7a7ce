import type { AwsClients } from '../aws/clients';
import { describeCluster, describeGroups, type Cluster } from '../cluster/describe';
import { deleteGroup } from '../cluster/delete';
import { acquireClusterLock, type ClusterLock, type LockOwner } from '../cluster/lock';
import { TAGS, servedTargetGroupTags } from '../cluster/tags';
import { disableGroup, enableGroup, tagGroup } from '../cluster/traffic';
import { describeError, ImmutableError, isImmutableError } from '../errors';
import { watchAlarms, type AlarmState } from '../health/alarms';
import { waitUntilHealthy, type HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import type { Runtime } from '../runtime';
import { runOwnerFrom } from '../run';
import { deleteGroupTemplate, ensureLaunchTemplate } from './launch-template';
import { restoreAfterShift, rollingSteps, shiftTraffic } from './rolling';
import { copyScaling } from './scaling';
import { cleanupCluster, scaleToZero } from '../cluster/cleanup';
import type { Capacity } from '../cluster/model';
import { DEPLOY_INPUTS, type DeployOptions } from './options';
import { describePlan, planDeploy, type DeployPlan } from './plan';

/** The boundaries a deploy passes; a hook runs before each, so tests can kill it there. */
export const DEPLOY_STEPS = [
  'lock',
  'create-launch-template',
  'create-group',
  'wait-healthy',
  'disable-previous',
  'bake',
  'delete-old',
  'unlock',
] as const;
/** rolling-red-black adds one boundary per percentage: `shift-25`, `shift-50`, … */
export type DeployStep = (typeof DEPLOY_STEPS)[number] | `shift-${number}`;

export interface DeployContext {
  aws: AwsClients;
  runtime: Runtime;
  signal?: AbortSignal | undefined;
  /** Who deploys: recorded on the new group and on the cluster lock. */
  owner?: LockOwner | undefined;
  beforeStep?: ((step: DeployStep, plan: DeployPlan) => void | Promise<void>) | undefined;
  /** Poll delays for health and alarm waits (the demo shortens them; tests use a fake clock). */
  pollDelays?: { minDelayMs: number; maxDelayMs: number };
}

export interface RolledBack {
  alarm: AlarmState;
  restoredGroup: string;
  error: ImmutableError;
}

export interface DeployResult {
  dryRun: boolean;
  plan: DeployPlan;
  planText: string[];
  newGroup: string;
  previousGroup: string | undefined;
  launchTemplateId: string | undefined;
  resumed: boolean;
  deleted: string[];
  health: PollOutcome<HealthReport> | undefined;
  /** Set when an alarm during the bake time sent traffic back to the previous group. */
  rolledBack: RolledBack | undefined;
  /** What the disabled previous group costs while it stays warm. */
  warm: WarmCost | undefined;
  scaledDown: string[];
  before: Cluster;
  after: Cluster;
}

export interface WarmCost {
  group: string;
  instances: number;
  instanceType: string | undefined;
  instanceHoursPerDay: number;
}

/** The owner when the caller names none: the local user. */
export const LOCAL_OWNER: LockOwner = runOwnerFrom({
  USER: process.env.USER,
  USERNAME: process.env.USERNAME,
});

/**
 * Asgard's red/black push: create the next group beside the serving one, wait until it is healthy
 * in every target group, then disable the previous group (kept warm), watch the alarms for the bake
 * time, and delete groups beyond max-groups. Until the new group is healthy the previous one keeps
 * serving, and a failure removes the new group; an alarm during the bake time re-enables the previous
 * group and only then disables the new one. Each step checks what is done, so a re-run after a crash
 * finishes the same deploy instead of starting another.
 */
export async function deploy(context: DeployContext, options: DeployOptions): Promise<DeployResult> {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const validated = await planDeploy(aws, options);
  if (options.dryRun) {
    const planText = describePlan(validated);
    for (const line of planText) log.info(line);
    log.info('Dry run: nothing was changed.');
    return {
      ...summaryBase(validated, planText),
      dryRun: true,
      launchTemplateId: undefined,
      deleted: [],
      health: undefined,
      rolledBack: undefined,
      warm: undefined,
      scaledDown: [],
      after: validated.cluster,
    };
  }

  await context.beforeStep?.('lock', validated);
  const owner = context.owner ?? LOCAL_OWNER;
  const lock = await acquireClusterLock(aws, runtime, {
    cluster: options.cluster,
    owner,
    timeoutMs: options.lockTimeoutMs,
    breakForeign: options.breakLock,
    signal: context.signal,
  });
  // The cluster may have changed while we waited for the lock: plan again from what is there now.
  try {
    const plan = options.lockTimeoutMs > 0 || lock.tookOver ? await planDeploy(aws, options) : validated;
    const planText = describePlan(plan);
    for (const line of planText) log.info(line);
    if (plan.resume) {
      log.info(
        `Found ${plan.resume.name} from an earlier run of this deploy (phase ${plan.resume.phase}): finishing it`,
      );
    }
    const result = await execute(context, plan, owner, lock);
    await context.beforeStep?.('unlock', plan);
    return { ...summaryBase(plan, planText), ...result };
  } finally {
    // A crash (kill -9) never gets here: its lease lapses, or a re-run of the same job takes it over.
    await lock.release();
  }
}

function summaryBase(plan: DeployPlan, planText: string[]) {
  return {
    plan,
    planText,
    newGroup: plan.newGroupName,
    previousGroup: plan.previous?.name,
    resumed: plan.resume !== undefined,
    before: plan.cluster,
  };
}

async function execute(context: DeployContext, plan: DeployPlan, owner: LockOwner, lock: ClusterLock) {
  const { aws, runtime } = context;
  const { options } = plan;
  const log = runtime.logger;
  const step = async (name: DeployStep) => {
    await context.beforeStep?.(name, plan);
    await lock.assertHeld();
    log.info(`Step ${name}`);
  };

  let launchTemplateId: string | undefined;
  let health: PollOutcome<HealthReport> | undefined;
  // A rolling deploy needs a group to shift from; a first deploy is a plain one.
  const rolling = options.strategy === 'rolling-red-black' && plan.previous !== undefined;
  try {
    await step('create-launch-template');
    const template = await ensureLaunchTemplate(
      aws.ec2,
      plan.newGroupName,
      options.cluster,
      plan.launchTemplateData,
    );
    launchTemplateId = template.id;
    log.info(
      `${template.reused ? 'Reusing' : 'Created'} launch template ${plan.newGroupName} (${template.id})`,
    );

    await step('create-group');
    const first = rollingSteps(options.percentages, plan.capacity.desired)[0];
    const initial: Capacity =
      rolling && first ? { min: 0, desired: first.desired, max: plan.capacity.max } : plan.capacity;
    if (!plan.resume) {
      await createGroup(context, plan, template.id, owner, initial);
      if (plan.previous) await copyScaling(aws, runtime, plan.previous.name, plan.newGroupName);
    }

    if (!rolling) {
      await step('wait-healthy');
      health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
        timeoutMs: options.healthTimeoutMs,
        signal: context.signal,
        ...context.pollDelays,
      });
      log.info(
        `${plan.newGroupName} is healthy: ${health.value.healthy}/${health.value.desired} after ${health.attempts} check(s)`,
      );
      await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'serving' });
    }
  } catch (error) {
    if (!isImmutableError(error, 'LOCK_LOST')) await abandonNewGroup(context, plan, error);
    throw error;
  }

  if (rolling && plan.previous) {
    await step('wait-healthy');
    const [old] = await describeGroups(aws.autoScaling, [plan.previous.name]);
    if (!old)
      throw new ImmutableError('NOT_FOUND', `${plan.previous.name} disappeared before the rolling deploy.`);
    const rollingContext = {
      aws,
      runtime,
      signal: context.signal,
      beforeShift: async (percent: number) => {
        await context.beforeStep?.(`shift-${percent}`, plan);
        await lock.assertHeld();
      },
      ...(context.pollDelays ? { pollDelays: context.pollDelays } : {}),
    };
    try {
      health = await shiftTraffic(rollingContext, plan, old);
    } catch (error) {
      if (!isImmutableError(error, 'LOCK_LOST')) await restoreAfterShift(rollingContext, plan, old, error);
      throw error;
    }
    await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'serving' });
  }

  // From here the new group serves: the previous one may leave traffic.
  await step('disable-previous');
  const [previous] = plan.previous ? await describeGroups(aws.autoScaling, [plan.previous.name]) : [];
  if (previous) await disableGroup(aws, runtime, previous, { ttlMs: options.disabledTtlMs });

  await step('bake');
  const alarm = await watchAlarms(aws, runtime, options.alarmNames, options.bakeTimeMs, {
    signal: context.signal,
    inputName: DEPLOY_INPUTS.alarmNames,
    ...context.pollDelays,
  });
  let rolledBack: RolledBack | undefined;
  const deleted: string[] = [];
  const scaledDown: string[] = [];
  if (alarm) {
    await lock.assertHeld();
    rolledBack = await rollBackAfterAlarm(context, plan, alarm);
  } else {
    if (options.bakeTimeMs > 0 && options.alarmNames.length > 0)
      log.info('Bake time passed with every alarm quiet');
    await step('delete-old');
    // One look at every group to delete, then each is deleted as it is now.
    for (const current of await describeGroups(
      aws.autoScaling,
      plan.toDelete.map((g) => g.name),
    )) {
      await lock.assertHeld();
      await deleteGroup(aws, runtime, current);
    }
    deleted.push(...plan.toDelete.map((g) => g.name));
    if (options.previousGroup === 'scale-to-zero' && plan.previous && !deleted.includes(plan.previous.name)) {
      const [disabled] = await describeGroups(aws.autoScaling, [plan.previous.name]);
      if (disabled && !disabled.enabled && disabled.capacity.desired > 0) {
        await scaleToZero(aws, runtime, disabled);
        scaledDown.push(disabled.name);
      }
    }
    // Every deploy also retires disabled groups past their expiry (scaled to zero, never deleted here).
    const expired = await cleanupCluster(aws, runtime, {
      cluster: options.cluster,
      delete: false,
      includeNewest: false,
      dryRun: false,
    });
    scaledDown.push(...expired.scaledDown);
    log.info(
      `Deployed ${options.amiId} to ${plan.newGroupName}${plan.previous ? `, replacing ${plan.previous.name}` : ''}`,
    );
  }
  const after = await describeCluster(aws.autoScaling, options.cluster);
  const warmGroup = plan.previous && after.groups.find((g) => g.name === plan.previous?.name && !g.enabled);
  const warm: WarmCost | undefined = warmGroup
    ? {
        group: warmGroup.name,
        instances: warmGroup.instances.length,
        instanceType: plan.previousInstanceType,
        instanceHoursPerDay: warmGroup.instances.length * 24,
      }
    : undefined;
  return { dryRun: false, launchTemplateId, deleted, health, rolledBack, warm, scaledDown, after };
}

async function createGroup(
  context: DeployContext,
  plan: DeployPlan,
  launchTemplateId: string,
  owner: LockOwner,
  capacity: Capacity,
): Promise<void> {
  const { options } = plan;
  const ours: Record<string, string> = {
    [TAGS.cluster]: options.cluster,
    [TAGS.ami]: options.amiId,
    [TAGS.phase]: 'waiting',
    [TAGS.run]: (owner.run ?? owner.id).slice(0, 256),
    ...(plan.previous ? { [TAGS.sourceGroup]: plan.previous.name } : {}),
    ...servedTargetGroupTags(plan.targetGroupArns),
    [TAGS.targetCapacity]: `${plan.capacity.min}/${plan.capacity.desired}/${plan.capacity.max}`,
  };
  await context.aws.autoScaling.createAutoScalingGroup({
    AutoScalingGroupName: plan.newGroupName,
    LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: '$Default' },
    MinSize: capacity.min,
    MaxSize: capacity.max,
    DesiredCapacity: capacity.desired,
    VPCZoneIdentifier: plan.subnets.join(','),
    HealthCheckType: plan.healthCheckType,
    HealthCheckGracePeriod: plan.healthCheckGracePeriod,
    ...(plan.terminationPolicies.length > 0 ? { TerminationPolicies: plan.terminationPolicies } : {}),
    ...(plan.defaultCooldown !== undefined ? { DefaultCooldown: plan.defaultCooldown } : {}),
    ...(plan.targetGroupArns.length > 0 ? { TargetGroupARNs: plan.targetGroupArns } : {}),
    Tags: [
      ...plan.userTags.map((t) => ({ Key: t.key, Value: t.value, PropagateAtLaunch: t.propagateAtLaunch })),
      ...Object.entries(ours).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
      { Key: 'Name', Value: plan.newGroupName, PropagateAtLaunch: true },
    ].filter((tag, i, all) => all.findIndex((t) => t.Key === tag.Key) === i),
  });
  context.runtime.logger.info(
    `Created ${plan.newGroupName}: ${capacity.desired} instance(s) in ${plan.subnets.length} subnet(s), ${plan.targetGroupArns.length} target group(s)`,
  );
}

/** Before traffic moved: take the new group away and leave the previous one serving as it was. */
async function abandonNewGroup(context: DeployContext, plan: DeployPlan, cause: unknown): Promise<void> {
  const { aws, runtime } = context;
  runtime.logger.warn(
    `Deploy failed before traffic moved (${describeError(cause)}): removing ${plan.newGroupName}`,
  );
  try {
    const [group] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
    if (group) {
      await tagGroup(aws, group.name, { [TAGS.phase]: 'failed' });
      await deleteGroup(aws, runtime, group);
    } else {
      await deleteGroupTemplate(aws.ec2, plan.newGroupName, plan.options.cluster);
    }
    runtime.logger.info(`${plan.previous?.name ?? 'The cluster'} keeps serving, unchanged`);
  } catch (cleanupError) {
    runtime.logger.warn(
      `Could not remove ${plan.newGroupName} (${describeError(cleanupError)}); it is tagged failed and the next deploy removes it`,
    );
  }
}

/**
 * Asgard's automatic rollback: re-enable the previous group and wait until it is healthy; only then
 * disable the new one. If the previous group cannot serve, the new one keeps serving.
 */
async function rollBackAfterAlarm(
  context: DeployContext,
  plan: DeployPlan,
  alarm: AlarmState,
): Promise<RolledBack> {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const restore = plan.previous?.name;
  log.warn(
    `Alarm ${alarm.name} went to ALARM during the bake time${alarm.reason ? ` (${alarm.reason})` : ''}: rolling back`,
  );
  if (!restore) {
    throw new ImmutableError(
      'ALARM',
      `Alarm ${alarm.name} went to ALARM during the bake time, and there is no previous group to roll back to.`,
    );
  }
  const [previous] = await describeGroups(aws.autoScaling, [restore]);
  if (!previous)
    throw new ImmutableError(
      'ALARM',
      `Alarm ${alarm.name} went to ALARM, but ${restore} no longer exists: ${plan.newGroupName} keeps serving.`,
    );
  await enableGroup(aws, runtime, previous);
  try {
    await waitUntilHealthy(aws, runtime, restore, previous.servedTargetGroupArns, {
      timeoutMs: plan.options.healthTimeoutMs,
      signal: context.signal,
      ...context.pollDelays,
    });
  } catch (error) {
    throw new ImmutableError(
      'ALARM',
      `Alarm ${alarm.name} went to ALARM, but ${restore} did not become healthy again (${describeError(error)}): ${plan.newGroupName} keeps serving beside it.`,
      { cause: error },
    );
  }
  const [bad] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
  if (bad) {
    await disableGroup(aws, runtime, bad);
    await tagGroup(aws, bad.name, { [TAGS.phase]: 'rolled-back' });
  }
  const error = new ImmutableError(
    'ALARM',
    `Alarm ${alarm.name} went to ALARM during the bake time: rolled back to ${restore}; ${plan.newGroupName} is disabled.`,
  );
  log.warn(error.message);
  return { alarm, restoredGroup: restore, error };
}
