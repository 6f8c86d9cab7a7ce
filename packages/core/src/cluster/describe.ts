import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { AutoScalingApi } from '../aws/clients';
import { toServerGroup, type ServerGroup } from './model';
import { isUnfinished } from './tags';

export interface Cluster {
  name: string;
  /** Oldest first. */
  groups: ServerGroup[];
}

/** Lists every group in the account, 100 per call, and keeps the cluster's: a call per 100 groups, none per instance. */
export async function describeCluster(autoScaling: AutoScalingApi, cluster: string): Promise<Cluster> {
  return (await describeClusterGroups(autoScaling, cluster)).cluster;
}

/**
 * The cluster, and each of its groups as AWS described it, for what the model leaves out (a deploy copies
 * every property of the previous group): one listing serves both, so no group is read twice.
 */
export async function describeClusterGroups(
  autoScaling: AutoScalingApi,
  cluster: string,
): Promise<{ cluster: Cluster; described: ReadonlyMap<string, AutoScalingGroup> }> {
  const all: AutoScalingGroup[] = [];
  let nextToken: string | undefined;
  do {
    const page = await autoScaling.describeAutoScalingGroups({
      MaxRecords: 100,
      ...(nextToken ? { NextToken: nextToken } : {}),
    });
    all.push(...(page.AutoScalingGroups ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  const groups = all
    .map(toServerGroup)
    .filter((g): g is ServerGroup => g?.cluster === cluster && !g.status?.startsWith('Delete'))
    .sort((a, b) => a.createdTime.getTime() - b.createdTime.getTime() || a.version - b.version);
  const names = new Set(groups.map((g) => g.name));
  const described = new Map(
    all.flatMap((g) =>
      g.AutoScalingGroupName && names.has(g.AutoScalingGroupName)
        ? [[g.AutoScalingGroupName, g] as const]
        : [],
    ),
  );
  return { cluster: { name: cluster, groups }, described };
}

/** Re-reads named groups (one call), for pollers and after changes. */
export async function describeGroups(
  autoScaling: AutoScalingApi,
  names: readonly string[],
): Promise<ServerGroup[]> {
  if (names.length === 0) return [];
  const answer = await autoScaling.describeAutoScalingGroups({ AutoScalingGroupNames: [...names] });
  return (answer.AutoScalingGroups ?? []).map(toServerGroup).filter((g): g is ServerGroup => g !== undefined);
}

/** The group taking traffic: the newest enabled one whose deploy finished. */
export function servingGroup(cluster: Cluster): ServerGroup | undefined {
  return cluster.groups.filter((g) => g.enabled && !isUnfinished(g.phase) && g.phase !== 'failed').at(-1);
}
