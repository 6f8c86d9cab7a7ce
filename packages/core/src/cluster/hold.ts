import type { AwsClients } from '../aws/clients';
import type { ServerGroup } from './model';

/** While traffic shifts, the old group may not launch, terminate or rebalance: its deregistered instances stay. */
export const HOLD_PROCESSES = ['Launch', 'Terminate', 'AZRebalance'];

/** Suspends what a shift must not be disturbed by. Safe to repeat. */
export async function holdGroup(aws: Pick<AwsClients, 'autoScaling'>, group: ServerGroup): Promise<void> {
  const hold = HOLD_PROCESSES.filter((p) => !group.suspendedProcesses.includes(p));
  if (hold.length > 0)
    await aws.autoScaling.suspendProcesses({ AutoScalingGroupName: group.name, ScalingProcesses: hold });
}

/** Every instance of the group back in the target groups it served, and its held processes resumed. */
export async function releaseGroup(
  aws: Pick<AwsClients, 'autoScaling' | 'elbv2'>,
  group: ServerGroup,
): Promise<void> {
  const ids = group.instances.map((i) => i.id);
  for (const arn of group.servedTargetGroupArns) {
    if (ids.length > 0)
      await aws.elbv2.registerTargets({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) });
  }
  const resume = HOLD_PROCESSES.filter((p) => group.suspendedProcesses.includes(p));
  if (resume.length > 0)
    await aws.autoScaling.resumeProcesses({ AutoScalingGroupName: group.name, ScalingProcesses: resume });
}
