import type { AwsClients } from '../aws/clients';
import type { Runtime } from '../runtime';
import type { Capacity, UserTag } from './model';

/** Everything CreateAutoScalingGroup needs for a new group of a cluster. */
export interface GroupSpec {
  name: string;
  launchTemplateId: string;
  capacity: Capacity;
  subnets: readonly string[];
  healthCheckType: string;
  healthCheckGracePeriod: number;
  terminationPolicies: readonly string[];
  defaultCooldown: number | undefined;
  targetGroupArns: readonly string[];
  /** The user's tags, copied as they were (with their propagation). */
  userTags: readonly UserTag[];
  /** Our own `immutable:*` tags, never propagated to instances. */
  tags: Record<string, string>;
}

/** Creates the group from its launch template's default version; instances are named after the group. */
export async function createServerGroup(
  aws: Pick<AwsClients, 'autoScaling'>,
  runtime: Runtime,
  spec: GroupSpec,
): Promise<void> {
  await aws.autoScaling.createAutoScalingGroup({
    AutoScalingGroupName: spec.name,
    LaunchTemplate: { LaunchTemplateId: spec.launchTemplateId, Version: '$Default' },
    MinSize: spec.capacity.min,
    MaxSize: spec.capacity.max,
    DesiredCapacity: spec.capacity.desired,
    VPCZoneIdentifier: spec.subnets.join(','),
    HealthCheckType: spec.healthCheckType,
    HealthCheckGracePeriod: spec.healthCheckGracePeriod,
    ...(spec.terminationPolicies.length > 0 ? { TerminationPolicies: [...spec.terminationPolicies] } : {}),
    ...(spec.defaultCooldown !== undefined ? { DefaultCooldown: spec.defaultCooldown } : {}),
    ...(spec.targetGroupArns.length > 0 ? { TargetGroupARNs: [...spec.targetGroupArns] } : {}),
    Tags: [
      ...spec.userTags.map((t) => ({ Key: t.key, Value: t.value, PropagateAtLaunch: t.propagateAtLaunch })),
      ...Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
      { Key: 'Name', Value: spec.name, PropagateAtLaunch: true },
    ].filter((tag, i, all) => all.findIndex((t) => t.Key === tag.Key) === i),
  });
  runtime.logger.info(
    `Created ${spec.name}: ${spec.capacity.desired} instance(s) in ${spec.subnets.length} subnet(s), ${spec.targetGroupArns.length} target group(s)`,
  );
}

/** Grows (or sets) a group's capacity; max never below desired. */
export async function resizeGroup(
  aws: Pick<AwsClients, 'autoScaling'>,
  name: string,
  capacity: Capacity,
): Promise<void> {
  await aws.autoScaling.updateAutoScalingGroup({
    AutoScalingGroupName: name,
    MinSize: capacity.min,
    MaxSize: Math.max(capacity.max, capacity.desired),
    DesiredCapacity: capacity.desired,
  });
}
