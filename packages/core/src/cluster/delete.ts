import type { AwsClients } from '../aws/clients';
import { isNotFoundError } from '../aws/errors';
import { deleteGroupTemplate } from './launch-template';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';
import { deleteCopiedAlarms } from './copies';
import { waitUntilDrained } from './drain';
import { detachTraffic } from './traffic';

type DeleteClients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2' | 'elb' | 'cloudWatch'>;

/**
 * Deletes a group, its launch template and the alarms copied for it. Its instances are deregistered from their target groups
 * first: a deleted group's instances must not linger as targets (moto keeps them, and real ELBs
 * would keep sending traffic until the instances are gone).
 */
export async function deleteGroup(aws: DeleteClients, runtime: Runtime, group: ServerGroup): Promise<void> {
  await detachTraffic(aws, group);
  // Terminating instances the load balancer still drains would cut their requests off.
  await waitUntilDrained(aws, runtime, group);
  // AWS deletes a group's policies, hooks and schedules with it, but not the alarms copied for it.
  const alarms = await deleteCopiedAlarms(aws, group.name);
  try {
    await aws.autoScaling.deleteAutoScalingGroup({ AutoScalingGroupName: group.name, ForceDelete: true });
  } catch (error) {
    // Already gone (a repeated cleanup): fine.
    if (!isNotFoundError(error, /ValidationError/i)) throw error;
  }
  const templateDeleted = await deleteGroupTemplate(aws.ec2, group.name, group.cluster);
  runtime.logger.info(
    `Deleted ${group.name}${templateDeleted ? ' and its launch template' : ''}${alarms.length > 0 ? `, and the ${alarms.length} alarm(s) copied for it` : ''}`,
  );
}
