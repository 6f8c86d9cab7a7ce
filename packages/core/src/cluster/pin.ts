import type { AwsClients } from '../aws/clients';
import { describeGroups } from './describe';
import type { ServerGroup } from './model';
import { TAGS } from './tags';
import { tagGroup } from './traffic';

type PinClients = Pick<AwsClients, 'autoScaling' | 'elbv2' | 'elb'>;

/**
 * Spinnaker's pin: while a group takes traffic and is not yet healthy, min = desired, so its own scaling
 * alarms (fired while it sat idle) cannot scale it in. The min it had is recorded, so a re-run unpins right.
 */
export async function pinGroup(aws: PinClients, group: ServerGroup): Promise<void> {
  const { min, desired } = group.capacity;
  if (group.tags[TAGS.pinnedMin] !== undefined || min >= desired) return;
  await tagGroup(aws, group.name, { [TAGS.pinnedMin]: String(min) });
  await aws.autoScaling.updateAutoScalingGroup({ AutoScalingGroupName: group.name, MinSize: desired });
}

/**
 * Puts back the min recorded by pinGroup (or at creation); always called, on failure too (spinnaker#4812).
 * `group` is the group as just read (a health check's last look), saving a read; `tags` are written once
 * the min is back, beside removing the record (either order leaves a re-run the same work).
 */
export async function unpinGroup(
  aws: PinClients,
  name: string,
  options: { group?: ServerGroup | undefined; tags?: Record<string, string> } = {},
): Promise<void> {
  const [group] = options.group ? [options.group] : await describeGroups(aws.autoScaling, [name]);
  const recorded = group?.tags[TAGS.pinnedMin];
  const tag = () => tagGroup(aws, name, options.tags ?? {});
  if (!group || recorded === undefined) return tag();
  const min = Number(recorded);
  if (Number.isInteger(min) && min !== group.capacity.min)
    await aws.autoScaling.updateAutoScalingGroup({ AutoScalingGroupName: name, MinSize: min });
  await Promise.all([
    aws.autoScaling.deleteTags({
      Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: TAGS.pinnedMin }],
    }),
    tag(),
  ]);
}
