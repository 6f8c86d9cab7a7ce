import type { AwsClients } from '../aws/clients';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';
import { DISABLE_PROCESSES, TAGS, servedTargetGroupTags, servedTargetGroups } from './tags';

type TrafficClients = Pick<AwsClients, 'autoScaling' | 'elbv2'>;

/**
 * Takes a group out of traffic but keeps its instances running (warm), so a rollback is instant:
 * records the target groups it served, suspends launches, terminations and traffic, then detaches
 * its target groups (which deregisters its instances). Each call checks first, so it is safe to repeat.
 */
export async function disableGroup(
  aws: TrafficClients,
  runtime: Runtime,
  group: ServerGroup,
  options: { ttlMs?: number } = {},
): Promise<void> {
  const name = group.name;
  if (servedTargetGroups(group.tags).length === 0 && group.targetGroupArns.length > 0) {
    await tagGroup(aws, name, servedTargetGroupTags(group.targetGroupArns));
  }
  const toSuspend = DISABLE_PROCESSES.filter((p) => !group.suspendedProcesses.includes(p));
  if (toSuspend.length > 0) {
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: name, ScalingProcesses: toSuspend });
  }
  await detachFromTargetGroups(aws, group);
  if (!group.tags[TAGS.disabledAt]) {
    const now = runtime.clock.now();
    await tagGroup(aws, name, {
      [TAGS.disabledAt]: new Date(now).toISOString(),
      ...(options.ttlMs ? { [TAGS.expiresAt]: new Date(now + options.ttlMs).toISOString() } : {}),
    });
  }
  runtime.logger.info(
    `Disabled ${name}: out of ${group.targetGroupArns.length} target group(s), instances kept warm`,
  );
}

/** Puts a disabled group back into traffic: resumes its processes and re-attaches the target groups it served. */
export async function enableGroup(aws: TrafficClients, runtime: Runtime, group: ServerGroup): Promise<void> {
  const name = group.name;
  const toResume = DISABLE_PROCESSES.filter((p) => group.suspendedProcesses.includes(p));
  if (toResume.length > 0) {
    await aws.autoScaling.resumeProcesses({ AutoScalingGroupName: name, ScalingProcesses: toResume });
  }
  const missing = group.servedTargetGroupArns.filter((arn) => !group.targetGroupArns.includes(arn));
  if (missing.length > 0) {
    await aws.autoScaling.attachTargetGroups({ AutoScalingGroupName: name, TargetGroupARNs: missing });
  }
  const stale = [TAGS.disabledAt, TAGS.expiresAt, TAGS.capacity].filter(
    (key) => group.tags[key] !== undefined,
  );
  if (stale.length > 0) {
    await aws.autoScaling.deleteTags({
      Tags: stale.map((Key) => ({ ResourceId: name, ResourceType: 'auto-scaling-group', Key })),
    });
  }
  runtime.logger.info(`Enabled ${name}: in ${group.servedTargetGroupArns.length} target group(s)`);
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

/** Detaches a group from its target groups and makes sure none of its instances is left as a target. */
export async function detachFromTargetGroups(aws: TrafficClients, group: ServerGroup): Promise<void> {
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
