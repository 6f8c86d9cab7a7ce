import type { WarmPoolConfiguration, WarmPoolState } from '@aws-sdk/client-auto-scaling';
import type { AwsClients } from '../aws/clients';
import { ImmutableError } from '../errors';
import type { Runtime } from '../runtime';
import { scaleToZero } from './cleanup';
import type { ServerGroup } from './model';
import { TAGS, recordedCapacity } from './tags';
import { tagGroup } from './traffic';

type Clients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2' | 'elb' | 'cloudWatch'>;

/** The fields of a warm pool PutWarmPool takes back: what is recorded of the user's own pool. */
export interface WarmPoolSettings {
  MinSize?: number;
  MaxGroupPreparedCapacity?: number;
  PoolState?: WarmPoolState;
  ReuseOnScaleIn?: boolean;
}

/** The marker value when the group had no warm pool of its own. */
const NO_USER_POOL = 'none';

export async function readWarmPool(
  aws: Pick<AwsClients, 'autoScaling'>,
  group: string,
): Promise<WarmPoolConfiguration | undefined> {
  return (await aws.autoScaling.describeWarmPool({ AutoScalingGroupName: group })).WarmPoolConfiguration;
}

export function poolSettings(pool: WarmPoolConfiguration): WarmPoolSettings {
  return {
    ...(pool.MinSize !== undefined ? { MinSize: pool.MinSize } : {}),
    ...(pool.MaxGroupPreparedCapacity !== undefined
      ? { MaxGroupPreparedCapacity: pool.MaxGroupPreparedCapacity }
      : {}),
    ...(pool.PoolState ? { PoolState: pool.PoolState } : {}),
    ...(pool.InstanceReusePolicy?.ReuseOnScaleIn !== undefined
      ? { ReuseOnScaleIn: pool.InstanceReusePolicy.ReuseOnScaleIn }
      : {}),
  };
}

/** The user's pool recorded on the group, `null` when it had none, undefined when the pool is not ours. */
export function recordedUserPool(
  tags: Readonly<Record<string, string>>,
): WarmPoolSettings | null | undefined {
  const value = tags[TAGS.warmPool];
  if (value === undefined) return undefined;
  if (value === NO_USER_POOL) return null;
  try {
    return JSON.parse(value) as WarmPoolSettings;
  } catch (error) {
    throw new ImmutableError(
      'CONFLICT',
      `The ${TAGS.warmPool} tag of the group holds "${value}", neither "${NO_USER_POOL}" nor a warm pool: put the group's own warm pool back by hand, then delete the tag.`,
      { cause: error },
    );
  }
}

/**
 * `previous-group: stopped`: the disabled group's instances go into a warm pool of its own, stopped, and
 * wait there (EBS only) for a rollback that starts them again. In order, each safe to repeat: its capacity
 * and any warm pool the user gave it are recorded on tags; the pool is put (Stopped, ReuseOnScaleIn, min 0,
 * at most the group's capacity prepared, so AWS launches nothing extra into it, now or after a rollback);
 * then the group scales in to zero and its instances go back to the pool instead of terminating.
 * Answers false (the group stays as it is, warm) when there is nothing to stop or the user's pool is
 * being deleted.
 */
export async function stopIntoWarmPool(aws: Clients, runtime: Runtime, group: ServerGroup): Promise<boolean> {
  const capacity = recordedCapacity(group.tags) ?? group.capacity;
  if (capacity.desired === 0) return false;
  if (group.tags[TAGS.warmPool] === undefined) {
    const own = await readWarmPool(aws, group.name);
    if (own?.Status === 'PendingDelete') {
      runtime.logger.warn(
        `${group.name}'s own warm pool is being deleted: it stays warm instead of stopped (a pool put now would race AWS's delete)`,
      );
      return false;
    }
    const record = own ? JSON.stringify(poolSettings(own)) : NO_USER_POOL;
    if (record.length > 256) {
      runtime.logger.warn(
        `${group.name}'s own warm pool does not fit on a tag: it stays warm instead of stopped`,
      );
      return false;
    }
    // Recorded before the pool changes: a crash in between leaves a record of what to put back.
    await tagGroup(aws, group.name, {
      ...(group.tags[TAGS.capacity]
        ? {}
        : { [TAGS.capacity]: `${capacity.min}/${capacity.desired}/${capacity.max}` }),
      [TAGS.warmPool]: record,
    });
    group = {
      ...group,
      tags: {
        ...group.tags,
        [TAGS.warmPool]: record,
        [TAGS.capacity]: `${capacity.min}/${capacity.desired}/${capacity.max}`,
      },
    };
  }
  await aws.autoScaling.putWarmPool({
    AutoScalingGroupName: group.name,
    PoolState: 'Stopped',
    MinSize: 0,
    MaxGroupPreparedCapacity: capacity.desired,
    InstanceReusePolicy: { ReuseOnScaleIn: true },
  });
  await scaleToZero(aws, runtime, group);
  runtime.logger.info(
    `${group.name}: ${capacity.desired} instance(s) kept stopped in its warm pool (EBS only); a rollback starts them again`,
  );
  return true;
}

/**
 * Once a stopped group serves again: the user's own warm pool put back as it was, or ours removed (empty by
 * now: the group grew out of it; ForceDelete so a straggler cannot hold the delete up). Safe to repeat:
 * the tag goes last.
 */
export async function restoreWarmPool(
  aws: Pick<AwsClients, 'autoScaling'>,
  runtime: Runtime,
  group: ServerGroup,
): Promise<'restored' | 'removed' | undefined> {
  const user = recordedUserPool(group.tags);
  if (user === undefined) return undefined;
  if (user) {
    await aws.autoScaling.putWarmPool({
      AutoScalingGroupName: group.name,
      MinSize: user.MinSize,
      MaxGroupPreparedCapacity: user.MaxGroupPreparedCapacity,
      PoolState: user.PoolState,
      ...(user.ReuseOnScaleIn !== undefined
        ? { InstanceReusePolicy: { ReuseOnScaleIn: user.ReuseOnScaleIn } }
        : {}),
    });
  } else if (await readWarmPool(aws, group.name)) {
    await aws.autoScaling.deleteWarmPool({ AutoScalingGroupName: group.name, ForceDelete: true });
  }
  await aws.autoScaling.deleteTags({
    Tags: [{ ResourceId: group.name, ResourceType: 'auto-scaling-group', Key: TAGS.warmPool }],
  });
  runtime.logger.info(
    user
      ? `${group.name}: its own warm pool is back (${user.PoolState ?? 'Stopped'}, min ${user.MinSize ?? 0})`
      : `${group.name}: the warm pool it was stopped in is removed`,
  );
  return user ? 'restored' : 'removed';
}

/**
 * An expired stopped group (cleanup's scale to zero): its stopped instances are terminated with our pool,
 * so it costs nothing more. The record stays, so a later rollback still puts the user's own pool back.
 */
export async function retireWarmPool(
  aws: Pick<AwsClients, 'autoScaling'>,
  runtime: Runtime,
  group: ServerGroup,
): Promise<boolean> {
  if (recordedUserPool(group.tags) === undefined) return false;
  const pool = await readWarmPool(aws, group.name);
  if (!pool || pool.Status === 'PendingDelete') return false;
  await aws.autoScaling.deleteWarmPool({ AutoScalingGroupName: group.name, ForceDelete: true });
  runtime.logger.info(`Terminated ${group.name}'s stopped instances with its warm pool (expired)`);
  return true;
}
