import type { AwsClients } from '../aws/clients';
import { describeGroups } from '../cluster/describe';
import type { ServerGroup } from '../cluster/model';
import { TAGS } from '../cluster/tags';
import { deregisterTargets, disableGroup, tagGroup } from '../cluster/traffic';
import { ImmutableError, describeError } from '../errors';
import { readAlarms } from '../health/alarms';
import { waitUntilHealthy, type HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import type { Runtime } from '../runtime';
import { DEPLOY_INPUTS } from './options';
import type { DeployPlan } from './plan';

/** While traffic shifts, the old group may not launch, terminate or rebalance: its deregistered instances stay. */
const HOLD_PROCESSES = ['Launch', 'Terminate', 'AZRebalance'];

export interface RollingContext {
  aws: AwsClients;
  runtime: Runtime;
  signal?: AbortSignal | undefined;
  pollDelays?: { minDelayMs: number; maxDelayMs: number };
  beforeShift?: (percent: number) => void | Promise<void>;
}

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

/**
 * Spinnaker's rolling red/black: for each percentage, grow the new group to that share of the serving
 * capacity, wait until the new instances are healthy, then deregister the same share of the old group's
 * instances from its target groups; alarms are checked after every step. Each step only grows and only
 * deregisters, so a re-run after a crash repeats the steps harmlessly.
 */
export async function shiftTraffic(
  context: RollingContext,
  plan: DeployPlan,
  old: ServerGroup,
): Promise<PollOutcome<HealthReport>> {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const { options } = plan;
  const hold = HOLD_PROCESSES.filter((p) => !old.suspendedProcesses.includes(p));
  if (hold.length > 0)
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: old.name, ScalingProcesses: hold });
  const oldIds = old.instances
    .filter((i) => i.lifecycleState === 'InService')
    .map((i) => i.id)
    .sort();
  const steps = rollingSteps(options.percentages, plan.capacity.desired);
  let health: PollOutcome<HealthReport> | undefined;

  for (const [index, step] of steps.entries()) {
    await context.beforeShift?.(step.percent);
    log.info(`Shift ${step.percent}%: ${plan.newGroupName} to ${step.desired} instance(s)`);
    await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'rolling', [TAGS.rollingStep]: String(index) });
    const [current] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
    if (!current)
      throw new ImmutableError('NOT_FOUND', `${plan.newGroupName} disappeared during the rolling deploy.`);
    const last = index === steps.length - 1;
    const target = last ? plan.capacity : { min: 0, desired: step.desired, max: plan.capacity.max };
    if (current.capacity.desired < target.desired || (last && current.capacity.min !== target.min)) {
      await aws.autoScaling.updateAutoScalingGroup({
        AutoScalingGroupName: plan.newGroupName,
        MinSize: target.min,
        MaxSize: Math.max(target.max, target.desired),
        DesiredCapacity: Math.max(target.desired, current.capacity.desired),
      });
    }
    health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
      timeoutMs: options.healthTimeoutMs,
      signal: context.signal,
      ...context.pollDelays,
    });
    const share = oldIds.slice(0, Math.ceil((step.percent * oldIds.length) / 100));
    await deregisterTargets(aws, old.servedTargetGroupArns, share);
    log.info(
      `Shift ${step.percent}%: ${health.value.healthy} new instance(s) healthy, ${share.length}/${oldIds.length} old ones out of traffic`,
    );

    const firing = (await readAlarms(aws, options.alarmNames, DEPLOY_INPUTS.alarmNames)).find(
      (a) => a.state === 'ALARM',
    );
    if (firing) {
      throw new ImmutableError(
        'ALARM',
        `Alarm ${firing.name} went to ALARM at the ${step.percent}% step of the rolling deploy.`,
      );
    }
    if (!last && options.stepWaitMs > 0) await runtime.sleep(options.stepWaitMs, context.signal);
  }
  if (!health) throw new ImmutableError('INTERNAL', 'A rolling deploy needs at least one step.');
  return health;
}

/**
 * A failed step: every old instance back in its target groups, its processes resumed, its capacity as it
 * was (it was never changed), and the new group disabled. Nothing stays pinned.
 */
export async function restoreAfterShift(
  context: RollingContext,
  plan: DeployPlan,
  old: ServerGroup,
  cause: unknown,
): Promise<void> {
  const { aws, runtime } = context;
  runtime.logger.warn(`Rolling deploy failed (${describeError(cause)}): restoring ${old.name} fully`);
  const [current] = await describeGroups(aws.autoScaling, [old.name]);
  const ids = (current ?? old).instances.map((i) => i.id);
  for (const arn of old.servedTargetGroupArns) {
    if (ids.length > 0)
      await aws.elbv2.registerTargets({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) });
  }
  const resume = HOLD_PROCESSES.filter((p) => (current ?? old).suspendedProcesses.includes(p));
  if (resume.length > 0)
    await aws.autoScaling.resumeProcesses({ AutoScalingGroupName: old.name, ScalingProcesses: resume });
  const [created] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
  if (created) {
    await disableGroup(aws, runtime, created);
    await tagGroup(aws, created.name, { [TAGS.phase]: 'rolled-back' });
  }
  runtime.logger.info(`${old.name} serves fully again; ${plan.newGroupName} is disabled`);
}
