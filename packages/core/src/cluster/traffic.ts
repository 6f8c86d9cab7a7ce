import type { AwsClients } from '../aws/clients';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';
import {
  DISABLE_PROCESSES,
  TAGS,
  deploySuspendedProcesses,
  servedLoadBalancerTags,
  servedLoadBalancers,
  servedTargetGroupTags,
  servedTargetGroups,
} from './tags';

type TrafficClients = Pick<AwsClients, 'autoScaling' | 'elbv2' | 'elb'>;

/**
 * Takes a group out of traffic but keeps its instances running (warm), so a rollback is instant:
 * records the target groups and classic load balancers it served and the processes it is about to
 * suspend (so enable never resumes one the user suspended), suspends launches, terminations and
 * traffic, then detaches its traffic (which deregisters its instances), and records when, with `tags`.
 * Each call checks first, so it is safe to repeat.
 */
export async function disableGroup(
  aws: TrafficClients,
  runtime: Runtime,
  group: ServerGroup,
  options: { ttlMs?: number; tags?: Record<string, string> } = {},
): Promise<void> {
  const name = group.name;
  const records: Record<string, string> = {};
  if (servedTargetGroups(group.tags).length === 0 && group.targetGroupArns.length > 0) {
    Object.assign(records, servedTargetGroupTags(group.targetGroupArns));
  }
  if (servedLoadBalancers(group.tags).length === 0 && group.loadBalancerNames.length > 0) {
    Object.assign(records, servedLoadBalancerTags(group.loadBalancerNames));
  }
  const toSuspend = DISABLE_PROCESSES.filter((p) => !group.suspendedProcesses.includes(p));
  const own = [...deploySuspendedProcesses(group.tags, group.suspendedProcesses), ...toSuspend];
  // Recorded before suspending: a crash in between leaves a record of at most what we meant to suspend.
  if (group.tags[TAGS.deploySuspended] !== own.join(',')) records[TAGS.deploySuspended] = own.join(',');
  await tagGroup(aws, name, records);
  if (toSuspend.length > 0) {
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: name, ScalingProcesses: toSuspend });
  }
  await detachTraffic(aws, group);
  // Once out of traffic: when it was disabled, with the caller's tags (its phase) in the same call.
  const now = runtime.clock.now();
  await tagGroup(aws, name, {
    ...(group.tags[TAGS.disabledAt]
      ? {}
      : {
          [TAGS.disabledAt]: new Date(now).toISOString(),
          ...(options.ttlMs ? { [TAGS.expiresAt]: new Date(now + options.ttlMs).toISOString() } : {}),
        }),
    ...options.tags,
  });
  runtime.logger.info(
    `Disabled ${name}: out of ${trafficLabel(group.servedTargetGroupArns, group.servedLoadBalancerNames)}, instances kept warm`,
  );
}

function trafficLabel(targetGroups: readonly string[], loadBalancers: readonly string[]): string {
  return `${targetGroups.length} target group(s)${loadBalancers.length > 0 ? ` and ${loadBalancers.length} classic load balancer(s)` : ''}`;
}

/**
 * Puts a disabled group back into traffic: resumes the processes the deploy suspended (never the user's)
 * and re-attaches the target groups and classic load balancers it served.
 */
export async function enableGroup(aws: TrafficClients, runtime: Runtime, group: ServerGroup): Promise<void> {
  const name = group.name;
  const toResume = deploySuspendedProcesses(group.tags, group.suspendedProcesses);
  if (toResume.length > 0) {
    await aws.autoScaling.resumeProcesses({ AutoScalingGroupName: name, ScalingProcesses: toResume });
  }
  const missing = group.servedTargetGroupArns.filter((arn) => !group.targetGroupArns.includes(arn));
  if (missing.length > 0) {
    await aws.autoScaling.attachTargetGroups({ AutoScalingGroupName: name, TargetGroupARNs: missing });
  }
  const missingElbs = group.servedLoadBalancerNames.filter((n) => !group.loadBalancerNames.includes(n));
  if (missingElbs.length > 0) {
    await aws.autoScaling.attachLoadBalancers({ AutoScalingGroupName: name, LoadBalancerNames: missingElbs });
  }
  const stale = [TAGS.disabledAt, TAGS.expiresAt, TAGS.capacity, TAGS.deploySuspended].filter(
    (key) => group.tags[key] !== undefined,
  );
  if (stale.length > 0) {
    await aws.autoScaling.deleteTags({
      Tags: stale.map((Key) => ({ ResourceId: name, ResourceType: 'auto-scaling-group', Key })),
    });
  }
  runtime.logger.info(
    `Enabled ${name}: in ${trafficLabel(group.servedTargetGroupArns, group.servedLoadBalancerNames)}`,
  );
}

export async function tagGroup(
  aws: TrafficClients,
  group: string,
  tags: Record<string, string>,
): Promise<void> {
  const entries = Object.entries(tags);
  if (entries.length === 0) return;
  await aws.autoScaling.createOrUpdateTags({
    Tags: entries.map(([Key, Value]) => ({
      ResourceId: group,
      ResourceType: 'auto-scaling-group',
      Key,
      Value,
      PropagateAtLaunch: false,
    })),
  });
}

/**
 * Deregisters these instances from these target groups where they are still registered: one look per
 * target group, one call per target group, whatever the number of instances. Safe to repeat.
 */
export async function deregisterTargets(
  aws: Pick<AwsClients, 'elbv2'>,
  targetGroupArns: readonly string[],
  instanceIds: readonly string[],
): Promise<void> {
  if (instanceIds.length === 0) return;
  const wanted = new Set(instanceIds);
  for (const arn of targetGroupArns) {
    const registered =
      (await aws.elbv2.describeTargetHealth({ TargetGroupArn: arn })).TargetHealthDescriptions ?? [];
    const still = registered.flatMap((d) =>
      d.Target?.Id &&
      wanted.has(d.Target.Id) &&
      d.TargetHealth?.State !== 'draining' &&
      d.TargetHealth?.State !== 'unused'
        ? [{ Id: d.Target.Id }]
        : [],
    );
    if (still.length > 0) await aws.elbv2.deregisterTargets({ TargetGroupArn: arn, Targets: still });
  }
}

/**
 * Detaches a group from its target groups and classic load balancers, and makes sure none of its
 * instances is left registered in any of them.
 */
export async function detachTraffic(aws: TrafficClients, group: ServerGroup): Promise<void> {
  await detachFromTargetGroups(aws, group);
  await detachFromLoadBalancers(aws, group);
}

/** Detaches a group from its classic load balancers and deregisters what is still registered. Safe to repeat. */
export async function detachFromLoadBalancers(
  aws: Pick<AwsClients, 'autoScaling' | 'elb'>,
  group: ServerGroup,
): Promise<void> {
  if (group.loadBalancerNames.length > 0) {
    await aws.autoScaling.detachLoadBalancers({
      AutoScalingGroupName: group.name,
      LoadBalancerNames: group.loadBalancerNames,
    });
  }
  const ids = new Set(group.instances.map((i) => i.id));
  if (ids.size === 0) return;
  for (const name of group.servedLoadBalancerNames) {
    const states = (await aws.elb.describeInstanceHealth({ LoadBalancerName: name })).InstanceStates ?? [];
    const still = states.flatMap((s) =>
      s.InstanceId && ids.has(s.InstanceId) && s.State !== 'Unknown' ? [{ InstanceId: s.InstanceId }] : [],
    );
    if (still.length > 0) await aws.elb.deregisterInstances({ LoadBalancerName: name, Instances: still });
  }
}

/** Detaches a group from its target groups and makes sure none of its instances is left as a target. */
export async function detachFromTargetGroups(
  aws: Pick<AwsClients, 'autoScaling' | 'elbv2'>,
  group: ServerGroup,
): Promise<void> {
  if (group.targetGroupArns.length > 0) {
    try {
      await aws.autoScaling.detachTargetGroups({
        AutoScalingGroupName: group.name,
        TargetGroupARNs: group.targetGroupArns,
      });
    } catch (error) {
      // AWS detaches a group whose instances were partly deregistered already (a rolling deploy does that);
      // moto detaches it and then refuses. Either way, the deregistration below finishes the job.
      if (!(error instanceof Error && error.name === 'InvalidTarget')) throw error;
    }
  }
  await deregisterTargets(
    aws,
    group.servedTargetGroupArns,
    group.instances.map((i) => i.id),
  );
}
