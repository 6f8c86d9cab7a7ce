import type { AwsClients } from '../aws/clients';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';
import { DISABLE_PROCESSES, TAGS, servedTargetGroupTags, servedTargetGroups } from './tags';

type TrafficClients = Pick<AwsClients, 'autoScaling'>;

/**
 * Takes a group out of traffic but keeps its instances running (warm), so a rollback is instant:
 * records the target groups it served, suspends launches, terminations and traffic, then detaches
 * its target groups (which deregisters its instances). Each call checks first, so it is safe to repeat.
 */
export async function disableGroup(aws: TrafficClients, runtime: Runtime, group: ServerGroup): Promise<void> {
  const name = group.name;
  if (servedTargetGroups(group.tags).length === 0 && group.targetGroupArns.length > 0) {
    await tagGroup(aws, name, servedTargetGroupTags(group.targetGroupArns));
  }
  const toSuspend = DISABLE_PROCESSES.filter((p) => !group.suspendedProcesses.includes(p));
  if (toSuspend.length > 0) {
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: name, ScalingProcesses: toSuspend });
  }
  if (group.targetGroupArns.length > 0) {
    await aws.autoScaling.detachTargetGroups({
      AutoScalingGroupName: name,
      TargetGroupARNs: group.targetGroupArns,
    });
  }
  if (!group.tags[TAGS.disabledAt]) {
    await tagGroup(aws, name, { [TAGS.disabledAt]: new Date(runtime.clock.now()).toISOString() });
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
  if (group.tags[TAGS.disabledAt] !== undefined) {
    await aws.autoScaling.deleteTags({
      Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: TAGS.disabledAt }],
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
