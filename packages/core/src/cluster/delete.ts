import type { AwsClients } from '../aws/clients';
import { deleteGroupTemplate } from '../deploy/launch-template';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';

type DeleteClients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2'>;

/**
 * Deletes a group and its launch template. Its instances are deregistered from their target groups
 * first: a deleted group's instances must not linger as targets (moto keeps them, and real ELBs
 * would keep sending traffic until the instances are gone).
 */
export async function deleteGroup(aws: DeleteClients, runtime: Runtime, group: ServerGroup): Promise<void> {
  if (group.targetGroupArns.length > 0) {
    await aws.autoScaling.detachTargetGroups({
      AutoScalingGroupName: group.name,
      TargetGroupARNs: group.targetGroupArns,
    });
  }
  const ids = new Set(group.instances.map((i) => i.id));
  for (const arn of ids.size > 0 ? group.servedTargetGroupArns : []) {
    // One look per target group; only what is still registered (detaching usually deregistered it already).
    const registered =
      (await aws.elbv2.describeTargetHealth({ TargetGroupArn: arn })).TargetHealthDescriptions ?? [];
    const lingering = registered.flatMap((d) =>
      d.Target?.Id && ids.has(d.Target.Id) ? [{ Id: d.Target.Id }] : [],
    );
    if (lingering.length > 0) await aws.elbv2.deregisterTargets({ TargetGroupArn: arn, Targets: lingering });
  }
  try {
    await aws.autoScaling.deleteAutoScalingGroup({ AutoScalingGroupName: group.name, ForceDelete: true });
  } catch (error) {
    // Already gone (a repeated cleanup): fine.
    if (!(error instanceof Error && /not found|ValidationError/i.test(`${error.name} ${error.message}`)))
      throw error;
  }
  const templateDeleted = await deleteGroupTemplate(aws.ec2, group.name, group.cluster);
  runtime.logger.info(`Deleted ${group.name}${templateDeleted ? ' and its launch template' : ''}`);
}
