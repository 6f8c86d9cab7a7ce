import type { AwsClients } from '../aws/clients';
import { ImmutableError } from '../errors';
import { targetGroupLabel } from '../health/group-health';
import { nextGroupName } from '../naming/names';
import { BAKE_TAG_KEYS } from '../packer/bake/tags';
import type { Cluster } from './describe';
import { describeCluster, servingGroup } from './describe';
import { describeLock, describeLockHolder, type LockHolder } from './lock';
import type { Capacity, ServerGroup } from './model';
import { groupState } from './table';
import { TAGS, isUnfinished } from './tags';

/** Where an AMI came from, read from the bake tags bake-ami put on it. */
export interface ImageProvenance {
  name: string | null;
  commit: string | null;
  ref: string | null;
  repository: string | null;
  runUrl: string | null;
  /** What the bake hashed (template, vars, Packer version): a dev VM from the same recipe carries it too. */
  bakeHash: string | null;
}

export interface InstanceCounts {
  total: number;
  /** InService and Healthy to the group. */
  healthy: number;
  byLifecycleState: Record<string, number>;
  byHealthStatus: Record<string, number>;
}

/** One group as Asgard's cluster page showed it; numbers are numbers, times ISO strings. */
export interface GroupStatus {
  group: string;
  state: string;
  ami: string | null;
  image: ImageProvenance | null;
  launchTemplate: string | null;
  capacity: Capacity;
  instances: InstanceCounts;
  targetGroups: { arn: string; name: string }[];
  loadBalancers: string[];
  suspendedProcesses: string[];
  createdTime: string;
  ageSeconds: number;
  disabledAt: string | null;
  expiresAt: string | null;
  /** Negative once expired: cleanup may scale it down (or delete it). */
  expiresInSeconds: number | null;
}

export interface ClusterStatus {
  cluster: string;
  region: string;
  serving: string | null;
  groups: GroupStatus[];
  /** The name the next deploy creates. */
  nextGroup: string;
  /** What a person would most likely do now, as a command. */
  nextStep: string;
  lock: LockHolder | null;
}

type StatusClients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'region'>;

/**
 * The cluster page: one listing of the groups, one look at the lock, one DescribeImages for every AMI. The
 * number of calls is the same for 1 instance or 1,000. A cluster with no group and no lock is unknown.
 */
export async function clusterStatus(
  aws: StatusClients,
  cluster: string,
  now: number,
): Promise<ClusterStatus> {
  const [described, lock] = await Promise.all([
    describeCluster(aws.autoScaling, cluster),
    describeLock(aws, cluster),
  ]);
  if (described.groups.length === 0 && !lock) {
    throw new ImmutableError(
      'NOT_FOUND',
      `Cluster ${cluster} not found in ${aws.region}: no Auto Scaling group is named ${cluster}-vNNN.`,
    );
  }
  const images = await readProvenance(
    aws,
    described.groups.flatMap((g) => (g.amiId ? [g.amiId] : [])),
  );
  const groups = described.groups.map((g) => groupStatus(g, now, images));
  return {
    cluster,
    region: aws.region,
    serving: servingGroup(described)?.name ?? null,
    groups,
    nextGroup: nextGroupName(cluster, described.groups),
    nextStep: suggestNextStep(described, lock?.holder),
    lock: lock?.holder ?? null,
  };
}

export function groupStatus(
  g: ServerGroup,
  now: number,
  images: ReadonlyMap<string, ImageProvenance> = new Map(),
): GroupStatus {
  const count = (values: string[]): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
    return counts;
  };
  const expiresAt = g.tags[TAGS.expiresAt] ?? null;
  const expires = expiresAt ? Date.parse(expiresAt) : NaN;
  return {
    group: g.name,
    state: groupState(g),
    ami: g.amiId ?? null,
    image: g.amiId ? (images.get(g.amiId) ?? null) : null,
    launchTemplate: g.launchTemplate?.name ?? g.launchTemplate?.id ?? null,
    capacity: { ...g.capacity },
    instances: {
      total: g.instances.length,
      healthy: g.instances.filter((i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy')
        .length,
      byLifecycleState: count(g.instances.map((i) => i.lifecycleState)),
      byHealthStatus: count(g.instances.map((i) => i.healthStatus)),
    },
    targetGroups: g.targetGroupArns.map((arn) => ({ arn, name: targetGroupLabel(arn) })),
    loadBalancers: [...g.loadBalancerNames],
    suspendedProcesses: [...g.suspendedProcesses],
    createdTime: g.createdTime.toISOString(),
    ageSeconds: Math.max(0, Math.round((now - g.createdTime.getTime()) / 1000)),
    disabledAt: g.tags[TAGS.disabledAt] ?? null,
    expiresAt,
    expiresInSeconds: Number.isNaN(expires) ? null : Math.round((expires - now) / 1000),
  };
}

/** One DescribeImages for all AMIs (by filter, so a deregistered one is simply absent rather than an error). */
async function readProvenance(
  aws: Pick<AwsClients, 'ec2'>,
  amiIds: readonly string[],
): Promise<Map<string, ImageProvenance>> {
  const ids = [...new Set(amiIds)];
  const found = new Map<string, ImageProvenance>();
  if (ids.length === 0) return found;
  const answer = await aws.ec2.describeImages({ Filters: [{ Name: 'image-id', Values: ids }] });
  for (const image of answer.Images ?? []) {
    if (!image.ImageId) continue;
    const tag = (key: string): string | null => image.Tags?.find((t) => t.Key === key)?.Value ?? null;
    found.set(image.ImageId, {
      name: image.Name ?? null,
      commit: tag(BAKE_TAG_KEYS.commit),
      ref: tag(BAKE_TAG_KEYS.ref),
      repository: tag(BAKE_TAG_KEYS.repository),
      runUrl: tag(BAKE_TAG_KEYS.runUrl),
      bakeHash: tag(BAKE_TAG_KEYS.bakeHash),
    });
  }
  return found;
}

/** Asgard left the next move to the reader; we say it, as the command to type. */
export function suggestNextStep(cluster: Cluster, lock: LockHolder | undefined): string {
  const name = cluster.name;
  if (lock) return `wait: ${describeLockHolder(lock)} holds the lock (a deploy or rollback is running)`;
  if (cluster.groups.length === 0) return `deploy: immutable deploy --cluster ${name} --ami-id <ami>`;
  const unfinished = cluster.groups.find((g) => isUnfinished(g.phase));
  if (unfinished) {
    return `finish or undo the deploy of ${unfinished.name} that stopped half-way: re-run it, or immutable rollback --cluster ${name}`;
  }
  const serving = servingGroup(cluster);
  if (!serving) {
    const disabled = cluster.groups.filter((g) => !g.enabled && g.phase !== 'failed').at(-1);
    return disabled
      ? `nothing serves: immutable enable --group ${disabled.name}`
      : `nothing serves: immutable deploy --cluster ${name} --ami-id <ami>`;
  }
  const failed = cluster.groups.find((g) => g.phase === 'failed' || g.phase === 'rolled-back');
  if (failed && failed !== serving) return `remove the failed group: immutable delete --group ${failed.name}`;
  const previous = cluster.groups.filter((g) => g !== serving && !g.enabled).at(-1);
  const next = nextGroupName(name, cluster.groups);
  return previous
    ? `deploy a new AMI (creates ${next}): immutable deploy --cluster ${name} --ami-id <ami>; or roll back to ${previous.name}: immutable rollback --cluster ${name}`
    : `deploy a new AMI (creates ${next}): immutable deploy --cluster ${name} --ami-id <ami>`;
}
