import type { AwsClients } from '../aws/clients';
import { ImmutableError } from '../errors';
import type { Runtime } from '../runtime';
import { createWithRetry } from './consistency';
import { describeGroups } from './describe';
import { nextGroupInput, type CarryOver, type NextGroupBase } from './group-spec';
import type { Capacity, UserTag } from './model';
import { TAGS } from './tags';

/**
 * Everything CreateAutoScalingGroup needs for a new group of a cluster: nextGroupInput's base, with the
 * user's tags and ours apart (they are merged, ours never propagated, when the group is created).
 */
export interface GroupSpec extends Omit<NextGroupBase, 'tags'> {
  /** The user's tags, copied as they were (with their propagation). */
  userTags: readonly UserTag[];
  /** Our own `immutable:*` tags, never propagated to instances. */
  tags: Record<string, string>;
  /** What carries over from the previous group (mixed instances, classic ELBs, …), when there is one. */
  carryOver?: CarryOver | undefined;
}

/**
 * Creates the group from its launch template's default version, with everything that carries over from
 * the previous group; instances are named after the group. A template AWS does not see yet is retried; a
 * group that exists with this run's tags (the answer to an earlier attempt was lost) is accepted; one made
 * by anyone else is refused.
 */
export async function createServerGroup(
  aws: Pick<AwsClients, 'autoScaling'>,
  runtime: Runtime,
  spec: GroupSpec,
  signal?: AbortSignal,
): Promise<void> {
  const result = await createWithRetry(
    runtime,
    {
      what: `creating ${spec.name}`,
      signal,
      onExisting: async () => {
        const [existing] = await describeGroups(aws.autoScaling, [spec.name]);
        if (!existing) return 'not-visible-yet';
        const mine = [TAGS.cluster, TAGS.ami, TAGS.run].every((key) => existing.tags[key] === spec.tags[key]);
        if (!mine) {
          throw new ImmutableError(
            'CONFLICT',
            `${spec.name} already exists and was not made by this run: rename or delete it, or run the deploy that made it again.`,
          );
        }
        return 'ours';
      },
    },
    () => create(aws, spec),
  );
  runtime.logger.info(
    result === 'existing'
      ? `${spec.name} was already created by this run (AWS's answer was lost): using it`
      : `Created ${spec.name}: ${spec.capacity.desired} instance(s) in ${spec.subnets.length} subnet(s), ${spec.targetGroupArns.length} target group(s)${spec.carryOver?.carried.LoadBalancerNames?.length ? `, ${spec.carryOver.carried.LoadBalancerNames.length} classic load balancer(s)` : ''}`,
  );
}

async function create(aws: Pick<AwsClients, 'autoScaling'>, spec: GroupSpec): Promise<void> {
  const tags = [
    ...spec.userTags.map((t) => ({ Key: t.key, Value: t.value, PropagateAtLaunch: t.propagateAtLaunch })),
    ...Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
    { Key: 'Name', Value: spec.name, PropagateAtLaunch: true },
  ].filter((tag, i, all) => all.findIndex((t) => t.Key === tag.Key) === i);
  await aws.autoScaling.createAutoScalingGroup(nextGroupInput(spec.carryOver, { ...spec, tags }));
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
