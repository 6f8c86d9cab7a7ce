import type { AwsClients } from '../aws/clients';
import { cleanupCluster, scaleToZero } from '../cluster/cleanup';
import { applyGroupCopies, hasGroupCopies } from '../cluster/copies';
import { createServerGroup, resizeGroup } from '../cluster/create';
import { deleteGroup } from '../cluster/delete';
import { describeCluster, describeGroups, type Cluster } from '../cluster/describe';
import { holdGroup, releaseGroup } from '../cluster/hold';
import { pinGroup, unpinGroup } from '../cluster/pin';
import { deleteGroupTemplate, ensureLaunchTemplate } from '../cluster/launch-template';
import { acquireClusterLock, type LockOwner } from '../cluster/lock';
import { stopIntoWarmPool } from '../cluster/warm-pool';
import type { Capacity, ServerGroup } from '../cluster/model';
import { TAGS, servedTargetGroupTags } from '../cluster/tags';
import { deregisterTargets, disableGroup, enableGroup, tagGroup } from '../cluster/traffic';
import { describeError, ImmutableError } from '../errors';
import { readAlarms, watchAlarms, type AlarmState } from '../health/alarms';
import { waitUntilHealthy, type HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import type { Runtime } from '../runtime';
import { deployInvocation, rerunKey } from '../run';
import { ungated, type Step, type WorkflowState } from '../workflow/runner';
import { DEPLOY_INPUTS, type DeployOptions } from './options';
import { describePlan, planDeploy, type DeployPlan } from './plan';

export interface RolledBack {
  alarm: AlarmState;
  restoredGroup: string;
  error: ImmutableError;
}

/** What a deploy knows as its steps run; each step reads it and adds what it learned. */
export interface DeployState extends WorkflowState {
  aws: AwsClients;
  runtime: Runtime;
  signal: AbortSignal | undefined;
  owner: LockOwner;
  pollDelays: { minDelayMs: number; maxDelayMs: number } | undefined;
  options: DeployOptions;
  /** Validated before the lock; planned again from what is there once the lock is ours. */
  plan: DeployPlan;
  planText: string[];
  launchTemplateId: string | undefined;
  health: PollOutcome<HealthReport> | undefined;
  /** The list runs rolling-red-black's shifts (chosen before the lock, so fixed for the run). */
  rolling: boolean;
  /** rolling-red-black: the old group as it was when traffic started to shift. */
  old: ServerGroup | undefined;
  alarm: AlarmState | undefined;
  rolledBack: RolledBack | undefined;
  deleted: string[];
  scaledDown: string[];
  /** Read by the unlock step, beside the release: the cluster after the deploy. */
  after?: Promise<Cluster> | undefined;
}

type DeployStepDef = Step<DeployState>;

const pollOptions = (state: DeployState) => ({ signal: state.signal, ...state.pollDelays });

/** A rolling deploy needs a group to shift from; a first deploy is a plain one. */
export const isRolling = (plan: DeployPlan): boolean =>
  plan.options.strategy === 'rolling-red-black' && plan.previous !== undefined;

/** The new group's desired capacity at each step: that share of the target capacity, at least one. */
export function rollingSteps(
  percentages: readonly number[],
  desired: number,
): { percent: number; desired: number }[] {
  return percentages.map((percent) => ({
    percent,
    desired: desired === 0 ? 0 : Math.max(1, Math.ceil((percent * desired) / 100)),
  }));
}

// ---- Before traffic moves: a failure removes the new group; the previous one serves unchanged.

/** Before traffic moved: take the new group away and leave the previous one serving as it was. */
async function abandonNewGroup(state: DeployState, cause: unknown): Promise<undefined> {
  const { aws, runtime, plan } = state;
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
  return undefined;
}

const lock: DeployStepDef = {
  name: 'lock',
  mutates: false,
  quiet: true,
  async run(state) {
    const { aws, runtime, options } = state;
    await warnIfCredentialsExpireFirst(state);
    state.lock = await acquireClusterLock(ungated(aws), runtime, {
      cluster: options.cluster,
      owner: state.owner,
      timeoutMs: options.lockTimeoutMs,
      breakForeign: options.breakLock,
      signal: state.signal,
    });
    // The cluster may have changed while we waited for the lock: plan again from what is there now.
    if (options.lockTimeoutMs > 0 || state.lock.tookOver)
      state.plan = await planDeploy(aws, options, { owner: state.owner });
    state.planText = describePlan(state.plan);
    for (const line of state.planText) runtime.logger.info(line);
    if (state.plan.resume) {
      runtime.logger.info(
        `Found ${state.plan.resume.name} from an earlier run of this deploy (phase ${state.plan.resume.phase}): finishing it`,
      );
    }
  },
};

/** The longest this deploy may take: every health wait timing out, the bake time and the rolling pauses. */
export function worstCaseMs(options: DeployOptions, rolling: boolean): number {
  const shifts = rolling ? options.percentages.length : 1;
  return (
    options.healthTimeoutMs * shifts + options.bakeTimeMs + (rolling ? options.stepWaitMs * (shifts - 1) : 0)
  );
}

/** Before the first change: a session that ends before the worst case would strand the deploy midway. */
async function warnIfCredentialsExpireFirst(state: DeployState): Promise<void> {
  const expiration = await state.aws.credentialsExpiration().catch(() => undefined);
  if (!expiration) return;
  const now = state.runtime.clock.now();
  const end = now + worstCaseMs(state.options, state.rolling);
  if (expiration.getTime() >= end) return;
  state.runtime.logger.warn(
    `The AWS credentials expire at ${expiration.toISOString()}, before this deploy's worst case ends at ${new Date(end).toISOString()} (health-timeout, bake-time and rolling steps): use role-duration-seconds for a longer session`,
  );
}

const createLaunchTemplate: DeployStepDef = {
  name: 'create-launch-template',
  mutates: true,
  async run(state) {
    const { plan } = state;
    const template = await ensureLaunchTemplate(
      state.aws.ec2,
      state.runtime,
      plan.newGroupName,
      plan.options.cluster,
      plan.launchTemplateData,
    );
    state.launchTemplateId = template.id;
    state.runtime.logger.info(
      `${template.reused ? 'Reusing' : 'Created'} launch template ${plan.newGroupName} (${template.id})`,
    );
  },
  recover: abandonNewGroup,
};

/** The capacity the new group starts with: all of it, or a rolling deploy's first share. */
function initialCapacity(plan: DeployPlan, rolling: boolean): Capacity {
  const first = rollingSteps(plan.options.percentages, plan.capacity.desired)[0];
  if (rolling && first) return { min: 0, desired: first.desired, max: plan.capacity.max };
  // Pinned until healthy: min = desired (the wait-healthy step puts the real min back).
  return { ...plan.capacity, min: plan.capacity.desired };
}

const createGroup: DeployStepDef = {
  name: 'create-group',
  mutates: true,
  async run(state) {
    const { aws, runtime, plan, owner } = state;
    if (plan.resume) return;
    const { options } = plan;
    await createServerGroup(
      aws,
      runtime,
      {
        name: plan.newGroupName,
        launchTemplateId: state.launchTemplateId ?? '',
        capacity: initialCapacity(plan, state.rolling),
        subnets: plan.subnets,
        healthCheckType: plan.healthCheckType,
        healthCheckGracePeriod: plan.healthCheckGracePeriod,
        terminationPolicies: plan.terminationPolicies,
        defaultCooldown: plan.defaultCooldown,
        targetGroupArns: plan.targetGroupArns,
        userTags: plan.userTags,
        carryOver: plan.spec,
        lifecycleHooks: plan.copies?.lifecycleHooks,
        tags: {
          [TAGS.cluster]: options.cluster,
          [TAGS.ami]: options.amiId,
          [TAGS.phase]: 'waiting',
          [TAGS.run]: (owner.run ?? owner.id).slice(0, 256),
          [TAGS.deployBy]: rerunKey(owner, deployInvocation(options)).slice(0, 256),
          ...(plan.previous ? { [TAGS.sourceGroup]: plan.previous.name } : {}),
          ...(options.promotedFrom ? { [TAGS.promotedFrom]: options.promotedFrom.slice(0, 256) } : {}),
          ...servedTargetGroupTags(plan.targetGroupArns),
          [TAGS.targetCapacity]: `${plan.capacity.min}/${plan.capacity.desired}/${plan.capacity.max}`,
          ...(!state.rolling && plan.capacity.min < plan.capacity.desired
            ? { [TAGS.pinnedMin]: String(plan.capacity.min) }
            : {}),
        },
      },
      state.signal,
    );
  },
  recover: abandonNewGroup,
};

/**
 * Part of creating the group, in a step of its own so the crash tests can kill between the two: what
 * the previous group had beyond CreateAutoScalingGroup (hooks, warm pool, metrics, the user's suspended
 * processes, policies and their alarms, schedules). Every call is a put, so it runs again on a resumed
 * deploy: a re-run after a kill here leaves the group with all of them.
 */
const copyToGroup: DeployStepDef = {
  name: 'copy-to-group',
  mutates: (state) => state.plan.previous !== undefined && hasGroupCopies(state.plan.spec, state.plan.copies),
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.previous) return;
    // Each put that AWS refuses because the group is too new is retried on its own (bounded).
    await applyGroupCopies(aws, runtime, plan.newGroupName, plan.spec, plan.copies, { signal: state.signal });
  },
  recover: abandonNewGroup,
};

const waitHealthy: DeployStepDef = {
  name: 'wait-healthy',
  mutates: false,
  async run(state) {
    const { aws, runtime, plan } = state;
    let healthy: ServerGroup | undefined;
    state.health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
      timeoutMs: plan.options.healthTimeoutMs,
      ...pollOptions(state),
      onGroup: (group) => (healthy = group),
    });
    runtime.logger.info(
      `${plan.newGroupName} is healthy: ${state.health.value.healthy}/${state.health.value.desired} after ${state.health.attempts} check(s)`,
    );
    await unpinGroup(aws, plan.newGroupName, { group: healthy, tags: { [TAGS.phase]: 'serving' } });
  },
  recover: abandonNewGroup,
};

// ---- rolling-red-black: traffic shifts share by share; a failure puts every old instance back.

/**
 * A failed shift: every old instance back in its target groups, its processes resumed, its capacity as
 * it was (it was never changed), and the new group disabled. Nothing stays pinned.
 */
async function restoreAfterShift(state: DeployState, cause: unknown): Promise<undefined> {
  const { aws, runtime, plan } = state;
  const old = state.old ?? plan.previous;
  if (!old) return undefined;
  runtime.logger.warn(`Rolling deploy failed (${describeError(cause)}): restoring ${old.name} fully`);
  const [current] = await describeGroups(aws.autoScaling, [old.name]);
  await releaseGroup(aws, { ...(current ?? old), servedTargetGroupArns: old.servedTargetGroupArns });
  // Re-registered targets start `initial`: the new group leaves traffic only once the old one serves again.
  try {
    await waitUntilHealthy(aws, runtime, old.name, old.servedTargetGroupArns, {
      timeoutMs: plan.options.healthTimeoutMs,
      since: runtime.clock.now(),
      ...pollOptions(state),
    });
  } catch (error) {
    runtime.logger.warn(
      `${old.name} did not become healthy again (${describeError(error)}): ${plan.newGroupName} keeps serving beside it`,
    );
    return undefined;
  }
  const [created] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
  if (created) await disableGroup(aws, runtime, created, { tags: { [TAGS.phase]: 'rolled-back' } });
  runtime.logger.info(`${old.name} serves fully again; ${plan.newGroupName} is disabled`);
  return undefined;
}

const holdPrevious: DeployStepDef = {
  name: 'hold-previous',
  mutates: true,
  async run(state) {
    const name = state.plan.previous?.name ?? '';
    const [old] = await describeGroups(state.aws.autoScaling, [name]);
    if (!old) throw new ImmutableError('NOT_FOUND', `${name} disappeared before the rolling deploy.`);
    state.old = old;
    await holdGroup(state.aws, old);
  },
  recover: restoreAfterShift,
};

/**
 * Spinnaker's rolling step: grow the new group to this share of the serving capacity, wait until its
 * instances are healthy, then deregister the same share of the old group's instances; alarms are checked
 * after every step. A step only grows and only deregisters, so a re-run repeats it harmlessly.
 */
function shiftStep(index: number, percent: number, last: boolean): DeployStepDef {
  return {
    name: `shift-${percent}`,
    mutates: true,
    async run(state) {
      const { aws, runtime, plan } = state;
      const { options } = plan;
      const old = state.old as ServerGroup;
      const log = runtime.logger;
      const desired = rollingSteps(options.percentages, plan.capacity.desired)[index]?.desired ?? 0;
      log.info(`Shift ${percent}%: ${plan.newGroupName} to ${desired} instance(s)`);
      await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'rolling', [TAGS.rollingStep]: String(index) });
      const [current] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
      if (!current)
        throw new ImmutableError('NOT_FOUND', `${plan.newGroupName} disappeared during the rolling deploy.`);
      const target = last ? plan.capacity : { min: 0, desired, max: plan.capacity.max };
      if (current.capacity.desired < target.desired || (last && current.capacity.min !== target.min)) {
        await resizeGroup(aws, plan.newGroupName, {
          ...target,
          desired: Math.max(target.desired, current.capacity.desired),
        });
      }
      state.health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
        timeoutMs: options.healthTimeoutMs,
        ...pollOptions(state),
      });
      const oldIds = old.instances
        .filter((i) => i.lifecycleState === 'InService')
        .map((i) => i.id)
        .sort();
      const share = oldIds.slice(0, Math.ceil((percent * oldIds.length) / 100));
      await deregisterTargets(aws, old.servedTargetGroupArns, share);
      log.info(
        `Shift ${percent}%: ${state.health.value.healthy} new instance(s) healthy, ${share.length}/${oldIds.length} old ones out of traffic`,
      );
      const firing = (await readAlarms(aws, options.alarmNames, DEPLOY_INPUTS.alarmNames)).find(
        (a) => a.state === 'ALARM',
      );
      if (firing) {
        throw new ImmutableError(
          'ALARM',
          `Alarm ${firing.name} went to ALARM at the ${percent}% step of the rolling deploy.`,
        );
      }
      if (last) await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'serving' });
      else if (options.stepWaitMs > 0) await runtime.sleep(options.stepWaitMs, state.signal);
    },
    recover: restoreAfterShift,
  };
}

// ---- After the new group serves.

const disablePrevious: DeployStepDef = {
  name: 'disable-previous',
  mutates: (state) => state.plan.previous !== undefined,
  async run(state) {
    const { aws, runtime, plan } = state;
    const [previous] = plan.previous ? await describeGroups(aws.autoScaling, [plan.previous.name]) : [];
    if (previous) await disableGroup(aws, runtime, previous, { ttlMs: plan.options.disabledTtlMs });
  },
};

const watch: DeployStepDef = {
  name: 'watch',
  mutates: false,
  async run(state) {
    const { options } = state.plan;
    state.alarm = await watchAlarms(state.aws, state.runtime, options.alarmNames, options.bakeTimeMs, {
      inputName: DEPLOY_INPUTS.alarmNames,
      ...pollOptions(state),
    });
    if (state.alarm) {
      const { alarm } = state;
      state.runtime.logger.warn(
        `Alarm ${alarm.name} went to ALARM during the bake time${alarm.reason ? ` (${alarm.reason})` : ''}: rolling back`,
      );
    } else if (options.bakeTimeMs > 0 && options.alarmNames.length > 0) {
      state.runtime.logger.info('Bake time passed with every alarm quiet');
    }
  },
};

// ---- The alarm rollback (Asgard's automatic rollback): the previous group back first, then the new one out.

const alarmFired = (state: DeployState): boolean => state.alarm !== undefined;
const quiet = (state: DeployState): boolean => state.alarm === undefined;
const alarmName = (state: DeployState): string => state.alarm?.name ?? '';

async function restoreGroupFor(state: DeployState): Promise<ServerGroup> {
  const restore = state.plan.previous?.name;
  if (!restore) {
    throw new ImmutableError(
      'ALARM',
      `Alarm ${alarmName(state)} went to ALARM during the bake time, and there is no previous group to roll back to.`,
    );
  }
  const [previous] = await describeGroups(state.aws.autoScaling, [restore]);
  if (!previous)
    throw new ImmutableError(
      'ALARM',
      `Alarm ${alarmName(state)} went to ALARM, but ${restore} no longer exists: ${state.plan.newGroupName} keeps serving.`,
    );
  return previous;
}

const enablePrevious: DeployStepDef = {
  name: 'enable-previous',
  mutates: true,
  when: alarmFired,
  branch: 'alarm',
  async run(state) {
    const previous = await restoreGroupFor(state);
    await pinGroup(state.aws, previous);
    await enableGroup(state.aws, state.runtime, previous);
  },
};

const waitPreviousHealthy: DeployStepDef = {
  name: 'wait-previous-healthy',
  mutates: false,
  when: alarmFired,
  branch: 'alarm',
  async run(state) {
    const previous = await restoreGroupFor(state);
    let healthy: ServerGroup | undefined;
    try {
      await waitUntilHealthy(state.aws, state.runtime, previous.name, previous.servedTargetGroupArns, {
        timeoutMs: state.plan.options.healthTimeoutMs,
        since: state.runtime.clock.now(),
        ...pollOptions(state),
        onGroup: (group) => (healthy = group),
      });
    } catch (error) {
      await unpinGroup(state.aws, previous.name);
      throw new ImmutableError(
        'ALARM',
        `Alarm ${alarmName(state)} went to ALARM, but ${previous.name} did not become healthy again (${describeError(error)}): ${state.plan.newGroupName} keeps serving beside it.`,
        { cause: error },
      );
    }
    await unpinGroup(state.aws, previous.name, { group: healthy });
  },
};

const disableNew: DeployStepDef = {
  name: 'disable-new',
  mutates: true,
  when: alarmFired,
  branch: 'alarm',
  async run(state) {
    const { aws, runtime, plan } = state;
    const [bad] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
    if (bad) await disableGroup(aws, runtime, bad, { tags: { [TAGS.phase]: 'rolled-back' } });
    const restored = plan.previous?.name ?? '';
    const error = new ImmutableError(
      'ALARM',
      `Alarm ${alarmName(state)} went to ALARM during the bake time: rolled back to ${restored}; ${plan.newGroupName} is disabled.`,
    );
    runtime.logger.warn(error.message);
    if (state.alarm) state.rolledBack = { alarm: state.alarm, restoredGroup: restored, error };
  },
};

export const ALARM_ROLLBACK_STEPS: readonly DeployStepDef[] = [
  enablePrevious,
  waitPreviousHealthy,
  disableNew,
];

// ---- Retiring old groups, once the bake time passed quietly.

const deleteOld: DeployStepDef = {
  name: 'delete-old',
  mutates: (state) => state.plan.toDelete.length > 0,
  when: quiet,
  async run(state) {
    const { aws, runtime, plan } = state;
    // One look at every group to delete, then each is deleted as it is now.
    for (const current of await describeGroups(
      aws.autoScaling,
      plan.toDelete.map((g) => g.name),
    )) {
      await deleteGroup(aws, runtime, current);
    }
    state.deleted.push(...plan.toDelete.map((g) => g.name));
  },
};

const scalePreviousToZero: DeployStepDef = {
  name: 'scale-previous-to-zero',
  mutates: true,
  when: quiet,
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.previous || state.deleted.includes(plan.previous.name)) return;
    const [disabled] = await describeGroups(aws.autoScaling, [plan.previous.name]);
    if (disabled && !disabled.enabled && disabled.capacity.desired > 0) {
      await scaleToZero(aws, runtime, disabled);
      state.scaledDown.push(disabled.name);
    }
  },
};

/** `previous-group: stopped`: after the bake time, the previous group's instances wait stopped in a warm pool. */
const stopPrevious: DeployStepDef = {
  name: 'stop-previous',
  mutates: true,
  when: quiet,
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.previous || state.deleted.includes(plan.previous.name)) return;
    const [disabled] = await describeGroups(aws.autoScaling, [plan.previous.name]);
    if (disabled && !disabled.enabled) await stopIntoWarmPool(aws, runtime, disabled);
  },
};

/**
 * Whether a group may have expired: only a group recorded with an expiry that has passed can be (the deploy
 * records none but on the group it disables, the newest disabled one, which is spared). The plan read every
 * group under the lock, or just before it, and no one else changes them while the lock is held.
 */
function mayHaveExpired(state: DeployState): boolean {
  const now = state.runtime.clock.now();
  return state.plan.cluster.groups.some((g) => {
    const expires = Date.parse(g.tags[TAGS.expiresAt] ?? '');
    return !state.deleted.includes(g.name) && !Number.isNaN(expires) && expires <= now;
  });
}

/** Every deploy also retires disabled groups past their expiry (scaled to zero, never deleted here). */
const retireExpired: DeployStepDef = {
  name: 'retire-expired',
  mutates: mayHaveExpired,
  when: quiet,
  async run(state) {
    if (!mayHaveExpired(state)) return;
    const expired = await cleanupCluster(state.aws, state.runtime, {
      cluster: state.plan.options.cluster,
      delete: false,
      includeNewest: false,
      dryRun: false,
    });
    state.scaledDown.push(...expired.scaledDown);
    // Nothing changed since that read: it is the cluster as the deploy leaves it.
    if (expired.scaledDown.length === 0 && expired.deleted.length === 0)
      state.after = Promise.resolve(expired.plan.cluster);
  },
};

const unlock: DeployStepDef = {
  name: 'unlock',
  mutates: false,
  quiet: true,
  async run(state) {
    const { plan } = state;
    if (!state.rolledBack) {
      state.runtime.logger.info(
        `Deployed ${plan.options.amiId} to ${plan.newGroupName}${plan.previous ? `, replacing ${plan.previous.name}` : ''}`,
      );
    }
    // The cluster as the deploy left it, read while the lock (not a group) is released.
    state.after ??= describeCluster(state.aws.autoScaling, plan.options.cluster);
    state.after.catch(() => undefined);
    await state.lock?.release();
    state.lock = undefined;
  },
};

const AFTER_SWITCH = [disablePrevious, watch, ...ALARM_ROLLBACK_STEPS, deleteOld] as const;

/**
 * Asgard's red/black: the list a default deploy runs (and the crash tests kill before each of its steps
 * that always runs).
 */
export const DEPLOY_STEPS: readonly DeployStepDef[] = [
  lock,
  createLaunchTemplate,
  createGroup,
  copyToGroup,
  waitHealthy,
  ...AFTER_SWITCH,
  retireExpired,
  unlock,
];

/** Highlander: the same, but delete-old removes every other group, so nothing is left to retire. */
export const HIGHLANDER_STEPS: readonly DeployStepDef[] = [
  lock,
  createLaunchTemplate,
  createGroup,
  copyToGroup,
  waitHealthy,
  ...AFTER_SWITCH,
  unlock,
];

/** Rolling red/black: the new group starts at the first share, and traffic shifts share by share. */
export function rollingRedBlackSteps(percentages: readonly number[]): DeployStepDef[] {
  return [
    lock,
    createLaunchTemplate,
    createGroup,
    copyToGroup,
    holdPrevious,
    ...percentages.map((percent, i) => shiftStep(i, percent, i === percentages.length - 1)),
    ...AFTER_SWITCH,
    retireExpired,
    unlock,
  ];
}

/** The list a plan runs: its strategy's, with the previous group scaled to zero when asked. */
export function deploySteps(plan: DeployPlan): readonly DeployStepDef[] {
  const base =
    plan.options.strategy === 'highlander'
      ? HIGHLANDER_STEPS
      : isRolling(plan)
        ? rollingRedBlackSteps(plan.options.percentages)
        : DEPLOY_STEPS;
  const retire = { 'scale-to-zero': scalePreviousToZero, stopped: stopPrevious }[
    plan.options.previousGroup as 'scale-to-zero' | 'stopped'
  ] as DeployStepDef | undefined;
  if (!retire) return base;
  const at = base.indexOf(deleteOld) + 1;
  return [...base.slice(0, at), retire, ...base.slice(at)];
}
