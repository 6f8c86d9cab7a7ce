import type { AwsClients } from '../aws/clients';
import { isNotFoundError } from '../aws/errors';
import { deleteGroupTemplate } from './launch-template';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';
import { detachFromTargetGroups } from './traffic';

type DeleteClients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2'>;

/**
 * Deletes a group and its launch template. Its instances are deregistered from their target groups
 * first: a deleted group's instances must not linger as targets (moto keeps them, and real ELBs
 * would keep sending traffic until the instances are gone).
 */
export async function deleteGroup(aws: DeleteClients, runtime: Runtime, group: ServerGroup): Promise<void> {
  await detachFromTargetGroups(aws, group);
  try {
    await aws.autoScaling.deleteAutoScalingGroup({ AutoScalingGroupName: group.name, ForceDelete: true });
  } catch (error) {
    // Already gone (a repeated cleanup): fine.
    if (!isNotFoundError(error, /ValidationError/i)) throw error;
  }
  const templateDeleted = await deleteGroupTemplate(aws.ec2, group.name, group.cluster);
  runtime.logger.info(`Deleted ${group.name}${templateDeleted ? ' and its launch template' : ''}`);
}
