import type { AwsClients } from '../aws/clients';
import { parseDuration } from '../duration';
import { ImmutableError, invalidInput } from '../errors';
import { waitUntilHealthy } from '../health/group-health';
import { optional, parseCount, required, type RawInputs } from '../inputs';
import { parseGroupName } from '../naming/names';
import type { Runtime } from '../runtime';
import { deleteGroup } from './delete';
import { describeCluster, type Cluster } from './describe';
import { acquireClusterLock, type LockOwner } from './lock';
import type { Capacity, ServerGroup } from './model';
import { isUnfinished } from './tags';
import { disableGroup, enableGroup } from './traffic';

/** Asgard's cluster verbs on one group: enable, disable, resize, delete. */
export const GROUP_VERBS = ['enable', 'disable', 'resize', 'delete'] as const;
export type GroupVerb = (typeof GROUP_VERBS)[number];

export const GROUP_INPUTS = {
  group: 'group',
  region: 'region',
  lockTimeout: 'lock-timeout',
  healthTimeout: 'health-timeout',
} as const;

export const RESIZE_INPUTS = {
  ...GROUP_INPUTS,
  minSize: 'min-size',
  desiredCapacity: 'desired-capacity',
  maxSize: 'max-size',
} as const;

export interface GroupVerbOptions {
  group: string;
  cluster: string;
  region: string | undefined;
  lockTimeoutMs: number;
  healthTimeoutMs: number;
  /** resize only: what is given; the rest stays as it is. */
  capacity?: Partial<Capacity>;
}

const MAX_CAPACITY = 10_000;

export function parseGroupVerbOptions(
  verb: GroupVerb,
  raw: RawInputs<keyof typeof RESIZE_INPUTS>,
): GroupVerbOptions {
  const group = required(GROUP_INPUTS.group, raw.group);
  const parsed = parseGroupName(group);
  if (!parsed)
    throw invalidInput(GROUP_INPUTS.group, group, 'a group name <cluster>-vNNN, such as shop-web-v003');
  const options: GroupVerbOptions = {
    group,
    cluster: parsed.cluster,
    region: optional(raw.region),
    lockTimeoutMs: parseDuration(GROUP_INPUTS.lockTimeout, optional(raw.lockTimeout) ?? '0'),
    healthTimeoutMs: parseDuration(GROUP_INPUTS.healthTimeout, optional(raw.healthTimeout) ?? '10m'),
  };
  if (verb !== 'resize') return options;
  const bounds = { min: 0, max: MAX_CAPACITY };
  const min = parseCount(RESIZE_INPUTS.minSize, raw.minSize, bounds);
  const desired = parseCount(RESIZE_INPUTS.desiredCapacity, raw.desiredCapacity, bounds);
  const max = parseCount(RESIZE_INPUTS.maxSize, raw.maxSize, bounds);
  if (min === undefined && desired === undefined && max === undefined) {
    throw invalidInput(
      RESIZE_INPUTS.desiredCapacity,
      '',
      'at least one of min-size, desired-capacity, max-size',
    );
  }
  options.capacity = {
    ...(min !== undefined ? { min } : {}),
    ...(desired !== undefined ? { desired } : {}),
    ...(max !== undefined ? { max } : {}),
  };
  // What can be judged without the group: the given values among themselves.
  const given = options.capacity;
  if (
    (min !== undefined && desired !== undefined && min > desired) ||
    (desired !== undefined && max !== undefined && desired > max) ||
    (min !== undefined && max !== undefined && min > max)
  ) {
    throw capacityError(given, `given ${[min, desired, max].map((n) => n ?? '-').join('/')}`);
  }
  return options;
}

/** min ≤ desired ≤ max, over what is given merged onto what the group has (moto never checks it). */
function checkCapacity(given: Partial<Capacity>, merged: Capacity): void {
  if (!(merged.min <= merged.desired && merged.desired <= merged.max)) {
    throw capacityError(given, `would be ${capacityText(merged)}`);
  }
}

function capacityError(given: Partial<Capacity>, detail: string): ImmutableError {
  const [name, value] =
    given.desired !== undefined
      ? [RESIZE_INPUTS.desiredCapacity, given.desired]
      : given.min !== undefined
        ? [RESIZE_INPUTS.minSize, given.min]
        : [RESIZE_INPUTS.maxSize, given.max];
  return invalidInput(name, String(value), `min ≤ desired ≤ max (${detail})`);
}

export interface GroupVerbResult {
  verb: GroupVerb;
  group: string;
  cluster: string;
  /** False when the group already was as asked (a repeat is safe). */
  changed: boolean;
  message: string;
}

type VerbClients = Pick<
  AwsClients,
  'autoScaling' | 'ec2' | 'elbv2' | 'elb' | 'cloudWatch' | 'region' | 'serverClock'
>;

export interface GroupVerbContext {
  aws: VerbClients;
  runtime: Runtime;
  owner: LockOwner;
  signal?: AbortSignal | undefined;
}

/**
 * Runs one verb under the safety rules: checked before the lock (bad news at once) and again under it
 * (the cluster may have changed), so a refusal changes nothing. Never disables the last serving group,
 * never deletes a serving one (nor the last group that served), never resizes outside min ≤ desired ≤ max.
 */
export async function runGroupVerb(
  context: GroupVerbContext,
  verb: GroupVerb,
  options: GroupVerbOptions,
): Promise<GroupVerbResult> {
  const { aws, runtime } = context;
  refuse(verb, options, await describeCluster(aws.autoScaling, options.cluster), aws.region);
  const lock = await acquireClusterLock(aws, runtime, {
    cluster: options.cluster,
    owner: context.owner,
    timeoutMs: options.lockTimeoutMs,
    signal: context.signal,
  });
  try {
    const cluster = await describeCluster(aws.autoScaling, options.cluster);
    const group = refuse(verb, options, cluster, aws.region);
    return { verb, group: group.name, cluster: cluster.name, ...(await act(context, verb, options, group)) };
  } finally {
    await lock.release();
  }
}

function refuse(verb: GroupVerb, options: GroupVerbOptions, cluster: Cluster, region: string): ServerGroup {
  const group = cluster.groups.find((g) => g.name === options.group);
  if (!group) throw new ImmutableError('NOT_FOUND', `Group ${options.group} not found in ${region}.`);
  // Another group takes traffic and finished its deploy (what servingGroup would pick without this one).
  const othersServe = cluster.groups.some(
    (g) => g !== group && g.enabled && !isUnfinished(g.phase) && g.phase !== 'failed',
  );
  const refusal = (why: string) =>
    new ImmutableError('CONFLICT', `Refusing to ${verb} ${group.name}: ${why}.`);
  if (verb === 'disable' && group.enabled && !othersServe) {
    throw refusal(`it is the last group serving ${cluster.name}; deploy or enable another group first`);
  }
  if (verb === 'delete' && group.enabled) {
    throw refusal(`it serves ${cluster.name}; disable it first (immutable disable --group ${group.name})`);
  }
  if (verb === 'delete' && !othersServe && group.phase !== 'failed') {
    throw refusal(
      `no other group of ${cluster.name} serves, and it is the last one that did; enable another first`,
    );
  }
  if (verb === 'enable' && !group.enabled && group.capacity.desired === 0) {
    throw refusal(
      `it has no instances; resize it first (immutable resize --group ${group.name} --desired-capacity <n>)`,
    );
  }
  if (verb === 'resize' && options.capacity) {
    const merged = { ...group.capacity, ...options.capacity };
    checkCapacity(options.capacity, merged);
    if (merged.desired === 0 && group.enabled && !othersServe) {
      throw refusal(`it is the last group serving ${cluster.name}, and 0 instances would serve nothing`);
    }
  }
  return group;
}

async function act(
  context: GroupVerbContext,
  verb: GroupVerb,
  options: GroupVerbOptions,
  group: ServerGroup,
): Promise<{ changed: boolean; message: string }> {
  const { aws, runtime } = context;
  switch (verb) {
    case 'disable':
      if (!group.enabled) return { changed: false, message: `${group.name} is already disabled` };
      await disableGroup(aws, runtime, group);
      return { changed: true, message: `Disabled ${group.name}: out of traffic, instances kept warm` };
    case 'enable': {
      if (group.enabled) return { changed: false, message: `${group.name} already serves` };
      // Its instances first (InService and Healthy), then traffic, then healthy in every target group.
      await waitUntilHealthy(aws, runtime, group.name, [], {
        timeoutMs: options.healthTimeoutMs,
        signal: context.signal,
      });
      await enableGroup(aws, runtime, group);
      await waitUntilHealthy(aws, runtime, group.name, group.servedTargetGroupArns, {
        timeoutMs: options.healthTimeoutMs,
        signal: context.signal,
      });
      return {
        changed: true,
        message: `Enabled ${group.name}: healthy in ${group.servedTargetGroupArns.length} target group(s)`,
      };
    }
    case 'resize': {
      const target = { ...group.capacity, ...options.capacity };
      const same =
        target.min === group.capacity.min &&
        target.desired === group.capacity.desired &&
        target.max === group.capacity.max;
      if (same) return { changed: false, message: `${group.name} already is ${capacityText(target)}` };
      // A disabled group suspends Launch and Terminate: resume them, or the resize would do nothing. It stays out of traffic.
      const blocked = ['Launch', 'Terminate'].filter((p) => group.suspendedProcesses.includes(p));
      if (blocked.length > 0) {
        await aws.autoScaling.resumeProcesses({
          AutoScalingGroupName: group.name,
          ScalingProcesses: blocked,
        });
      }
      await aws.autoScaling.updateAutoScalingGroup({
        AutoScalingGroupName: group.name,
        MinSize: target.min,
        DesiredCapacity: target.desired,
        MaxSize: target.max,
      });
      return {
        changed: true,
        message: `Resized ${group.name} from ${capacityText(group.capacity)} to ${capacityText(target)} (min/desired/max)`,
      };
    }
    case 'delete':
      await deleteGroup(aws, runtime, group);
      return { changed: true, message: `Deleted ${group.name}` };
  }
}

const capacityText = (c: Capacity): string => `${c.min}/${c.desired}/${c.max}`;
