import type { AwsClients } from '../aws/clients';
import { optional, parseBoolean, required, type RawInputs } from '../inputs';
import { parseClusterName } from '../naming/names';
import type { Runtime } from '../runtime';
import { deleteGroup } from './delete';
import { waitUntilDrained } from './drain';
import { describeCluster, servingGroup, type Cluster } from './describe';
import type { ServerGroup } from './model';
import { TAGS, isUnfinished } from './tags';
import { retireWarmPool } from './warm-pool';
import { tagGroup } from './traffic';

type Clients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2' | 'elb' | 'cloudWatch'>;

/**
 * Scales a disabled group to zero, recording its capacity so a rollback can grow it back. Terminate is
 * resumed first: a disabled group suspends it, and a group that may not terminate cannot shrink.
 */
export async function scaleToZero(aws: Clients, runtime: Runtime, group: ServerGroup): Promise<void> {
  if (group.capacity.desired === 0 && group.capacity.min === 0) return;
  if (!group.tags[TAGS.capacity]) {
    const { min, desired, max } = group.capacity;
    await tagGroup(aws, group.name, { [TAGS.capacity]: `${min}/${desired}/${max}` });
  }
  // A group disabled a moment ago (bake-time 0) may still be draining: its instances wait for that.
  await waitUntilDrained(aws, runtime, group);
  if (group.suspendedProcesses.includes('Terminate')) {
    await aws.autoScaling.resumeProcesses({
      AutoScalingGroupName: group.name,
      ScalingProcesses: ['Terminate'],
    });
  }
  await aws.autoScaling.updateAutoScalingGroup({
    AutoScalingGroupName: group.name,
    MinSize: 0,
    DesiredCapacity: 0,
  });
  runtime.logger.info(
    `Scaled ${group.name} to zero (was ${group.capacity.desired} instance(s)); a rollback grows it back first`,
  );
}

export const CLEANUP_INPUTS = {
  cluster: 'cluster',
  region: 'region',
  delete: 'delete',
  includeNewest: 'include-newest',
  dryRun: 'dry-run',
} as const;

export interface CleanupOptions {
  cluster: string;
  region: string | undefined;
  /** Delete expired groups instead of scaling them to zero. */
  delete: boolean;
  /** Also the newest disabled group (the default rollback target), when it has expired. */
  includeNewest: boolean;
  dryRun: boolean;
}

export function parseCleanupOptions(raw: RawInputs<keyof typeof CLEANUP_INPUTS>): CleanupOptions {
  return {
    cluster: parseClusterName(required(CLEANUP_INPUTS.cluster, raw.cluster)).cluster,
    region: optional(raw.region),
    delete: parseBoolean(CLEANUP_INPUTS.delete, raw.delete, false),
    includeNewest: parseBoolean(CLEANUP_INPUTS.includeNewest, raw.includeNewest, false),
    dryRun: parseBoolean(CLEANUP_INPUTS.dryRun, raw.dryRun, false),
  };
}

export interface CleanupPlan {
  cluster: Cluster;
  expired: ServerGroup[];
  spared: { group: string; reason: string }[];
}

/** Disabled groups past their expiry; never the serving group, nor (unless asked) the newest disabled one. */
export function planCleanup(cluster: Cluster, now: number, includeNewest: boolean): CleanupPlan {
  const serving = servingGroup(cluster);
  const disabled = cluster.groups.filter((g) => !g.enabled && !isUnfinished(g.phase) && g !== serving);
  const newestDisabled = disabled.at(-1);
  const expired: ServerGroup[] = [];
  const spared: { group: string; reason: string }[] = [];
  for (const group of disabled) {
    const expires = Date.parse(group.tags[TAGS.expiresAt] ?? '');
    if (Number.isNaN(expires) || expires > now) spared.push({ group: group.name, reason: 'not expired' });
    else if (group === newestDisabled && !includeNewest)
      spared.push({ group: group.name, reason: 'newest disabled group' });
    else expired.push(group);
  }
  return { cluster, expired, spared };
}

export interface CleanupResult {
  plan: CleanupPlan;
  scaledDown: string[];
  deleted: string[];
}

/** `immutable cleanup`: scales expired disabled groups to zero (or deletes them). Safe to repeat. */
export async function cleanupCluster(
  aws: Clients,
  runtime: Runtime,
  options: Omit<CleanupOptions, 'region'>,
): Promise<CleanupResult> {
  const cluster = await describeCluster(aws.autoScaling, options.cluster);
  const plan = planCleanup(cluster, runtime.clock.now(), options.includeNewest);
  const result: CleanupResult = { plan, scaledDown: [], deleted: [] };
  for (const group of plan.expired) {
    const verb = options.delete ? 'Delete' : 'Scale to zero';
    if (options.dryRun) {
      runtime.logger.info(`${verb} ${group.name} (expired ${group.tags[TAGS.expiresAt]})`);
      continue;
    }
    if (options.delete) {
      await deleteGroup(aws, runtime, group);
      result.deleted.push(group.name);
    } else if (group.capacity.desired > 0) {
      await scaleToZero(aws, runtime, group);
      result.scaledDown.push(group.name);
    } else if (await retireWarmPool(aws, runtime, group)) {
      // Stopped in our warm pool (previous-group: stopped): zero means its stopped instances go too.
      result.scaledDown.push(group.name);
    }
  }
  for (const { group, reason } of plan.spared) runtime.logger.debug(`Kept ${group}: ${reason}`);
  return result;
}
