import type {
  AutoScalingGroup,
  CreateAutoScalingGroupCommandInput,
  EnabledMetric,
  LifecycleHookSpecification,
  MixedInstancesPolicy,
  Tag,
  TrafficSourceIdentifier,
  WarmPoolConfiguration,
} from '@aws-sdk/client-auto-scaling';
import { ImmutableError } from '../errors';
import { TAGS, deploySuspendedProcesses } from './tags';
import { recordedUserPool } from './warm-pool';

/**
 * What a deploy does with each field of a DescribeAutoScalingGroups answer:
 * - `identity`/`state`: the group's own, never copied (name, instances, status…);
 * - `plan`: resolved by the deploy plan (inputs may override it): sizes, subnets, health check, tags…;
 * - `replaced`: the launch template, replaced by the new group's;
 * - `create`: copied as it is into CreateAutoScalingGroup;
 * - `after-create`: copied by a call after the group exists (metrics, warm pool).
 * A field missing here is unknown: a non-empty one makes the deploy refuse unless allow-drop names it.
 */
export const GROUP_FIELDS = {
  AutoScalingGroupName: 'identity',
  AutoScalingGroupARN: 'identity',
  CreatedTime: 'identity',
  Status: 'state',
  Instances: 'state',
  PredictedCapacity: 'state',
  WarmPoolSize: 'state',
  // Zones follow the subnets (VPCZoneIdentifier); AWS reports them whether or not they were given.
  AvailabilityZones: 'state',
  AvailabilityZoneIds: 'state',
  LaunchConfigurationName: 'replaced',
  LaunchTemplate: 'replaced',
  MinSize: 'plan',
  MaxSize: 'plan',
  DesiredCapacity: 'plan',
  DefaultCooldown: 'plan',
  VPCZoneIdentifier: 'plan',
  TargetGroupARNs: 'plan',
  HealthCheckType: 'plan',
  HealthCheckGracePeriod: 'plan',
  TerminationPolicies: 'plan',
  Tags: 'plan',
  SuspendedProcesses: 'plan',
  MixedInstancesPolicy: 'create',
  DesiredCapacityType: 'create',
  LoadBalancerNames: 'create',
  TrafficSources: 'create',
  PlacementGroup: 'create',
  NewInstancesProtectedFromScaleIn: 'create',
  CapacityRebalance: 'create',
  MaxInstanceLifetime: 'create',
  DefaultInstanceWarmup: 'create',
  InstanceMaintenancePolicy: 'create',
  CapacityReservationSpecification: 'create',
  AvailabilityZoneDistribution: 'create',
  AvailabilityZoneImpairmentPolicy: 'create',
  ServiceLinkedRoleARN: 'create',
  Context: 'create',
  DeletionProtection: 'create',
  InstanceLifecyclePolicy: 'create',
  Operator: 'create',
  EnabledMetrics: 'after-create',
  WarmPoolConfiguration: 'after-create',
} as const satisfies Record<string, 'identity' | 'state' | 'plan' | 'replaced' | 'create' | 'after-create'>;

type CreateField = {
  [K in keyof typeof GROUP_FIELDS]: (typeof GROUP_FIELDS)[K] extends 'create' ? K : never;
}[keyof typeof GROUP_FIELDS];

/** The fields of the previous group the next one is created with, launch template aside. */
export type CarriedFields = Pick<CreateAutoScalingGroupCommandInput, CreateField>;

export interface MetricsCollection {
  granularity: string;
  metrics: string[];
}

/** What carries over from one group to the next, read from one DescribeAutoScalingGroups answer. */
export interface CarryOver {
  source: string;
  carried: CarriedFields;
  /** Enabled metrics, by granularity (EnableMetricsCollection takes one granularity per call). */
  metrics: MetricsCollection[];
  warmPool: WarmPoolConfiguration | undefined;
  /** Non-empty fields nobody knows, dropped because allow-drop named them. */
  dropped: string[];
  /** When the mixed-instances policy is dropped: an instance type its overrides named, for the template. */
  overrideInstanceType: string | undefined;
  /** Processes the user suspended on purpose (not a disable's): suspended on the next group too. */
  userSuspended: string[];
}

/** Empty means absent to AWS: undefined, null, '', false, [] and {}. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.keys(value).length === 0;
  return false;
}

/**
 * Reads what carries over from the previous group. Refuses, in one line naming the field, a non-empty
 * field the code does not know (AWS keeps adding them), unless `allowDrop` names it.
 */
export function readGroupSpec(group: AutoScalingGroup, allowDrop: readonly string[] = []): CarryOver {
  const source = group.AutoScalingGroupName ?? '';
  const record = group as unknown as Record<string, unknown>;
  const unknown = Object.keys(record).filter(
    (key) => !(key in GROUP_FIELDS) && key !== '$metadata' && !isEmptyValue(record[key]),
  );
  const refused = unknown.filter((key) => !allowDrop.includes(key));
  if (refused.length > 0) {
    throw new ImmutableError(
      'CONFLICT',
      `${source} has ${refused.join(', ')}, which this version cannot carry over to the next group: refusing to drop ${refused.length > 1 ? 'them' : 'it'} (add \`allow-drop: ${refused.join(',')}\` to deploy without).`,
    );
  }
  const drops = new Set(allowDrop);
  const carried: Record<string, unknown> = {};
  for (const [key, treatment] of Object.entries(GROUP_FIELDS)) {
    if (treatment !== 'create' || drops.has(key) || isEmptyValue(record[key])) continue;
    carried[key] = structuredClone(record[key]);
  }
  const spec = carried as CarriedFields;
  if (spec.TrafficSources) {
    // Target groups and classic ELBs are traffic sources too: they are copied on their own fields.
    const attached = new Set([...(group.TargetGroupARNs ?? []), ...(group.LoadBalancerNames ?? [])]);
    const others = spec.TrafficSources.filter((t) => !t.Identifier || !attached.has(t.Identifier));
    if (others.length > 0) spec.TrafficSources = others;
    else delete spec.TrafficSources;
  }
  if (spec.MixedInstancesPolicy) refusePerTypeTemplates(source, spec.MixedInstancesPolicy);
  const overrides = group.MixedInstancesPolicy?.LaunchTemplate?.Overrides ?? [];
  const metrics = groupMetrics(drops.has('EnabledMetrics') ? [] : (group.EnabledMetrics ?? []));
  return {
    source,
    carried: spec,
    metrics,
    warmPool: drops.has('WarmPoolConfiguration') ? undefined : usersWarmPool(group),
    dropped: Object.keys(record).filter((key) => drops.has(key) && !isEmptyValue(record[key])),
    userSuspended: userSuspendedProcesses(group),
    overrideInstanceType: drops.has('MixedInstancesPolicy')
      ? overrides.find((o) => o.InstanceType)?.InstanceType
      : undefined,
  };
}

/** A per-type launch template keeps its own image: the deploy would run the old image on those types. */
function refusePerTypeTemplates(source: string, policy: MixedInstancesPolicy): void {
  const index = (policy.LaunchTemplate?.Overrides ?? []).findIndex((o) => o.LaunchTemplateSpecification);
  if (index >= 0) {
    throw new ImmutableError(
      'CONFLICT',
      `${source} has MixedInstancesPolicy.LaunchTemplate.Overrides[${index}].LaunchTemplateSpecification: a per-instance-type launch template keeps its own image, so the deploy would not replace it; refusing.`,
    );
  }
}

function userSuspendedProcesses(group: AutoScalingGroup): string[] {
  const tags = Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  const suspended = (group.SuspendedProcesses ?? []).flatMap((p) => (p.ProcessName ? [p.ProcessName] : []));
  const own = deploySuspendedProcesses(tags, suspended);
  return suspended.filter((p) => !own.includes(p));
}

function groupMetrics(enabled: readonly EnabledMetric[]): MetricsCollection[] {
  const byGranularity = new Map<string, string[]>();
  for (const { Metric, Granularity } of enabled) {
    if (!Metric) continue;
    const granularity = Granularity ?? '1Minute';
    byGranularity.set(granularity, [...(byGranularity.get(granularity) ?? []), Metric]);
  }
  return [...byGranularity].map(([granularity, metrics]) => ({ granularity, metrics: metrics.sort() }));
}

export interface NextGroupBase {
  name: string;
  launchTemplateId: string;
  capacity: { min: number; max: number; desired: number };
  subnets: readonly string[];
  healthCheckType: string;
  healthCheckGracePeriod: number;
  terminationPolicies: readonly string[];
  defaultCooldown: number | undefined;
  targetGroupArns: readonly string[];
  tags: readonly Tag[];
  lifecycleHooks?: readonly LifecycleHookSpecification[] | undefined;
}

/**
 * The CreateAutoScalingGroup input of the next group: what the plan resolved, plus everything carried
 * over. A mixed-instances policy keeps its overrides, instance requirements and distribution, with the
 * new group's template in place of the old one. Lifecycle hooks go in at creation, so the first
 * instances already wait for them.
 */
export function nextGroupInput(
  spec: CarryOver | undefined,
  base: NextGroupBase,
): CreateAutoScalingGroupCommandInput {
  const template = { LaunchTemplateId: base.launchTemplateId, Version: '$Default' };
  const { MixedInstancesPolicy: mixed, ...carried } = spec?.carried ?? {};
  checkTagLimit(base.tags);
  return {
    ...carried,
    AutoScalingGroupName: base.name,
    ...(mixed
      ? {
          MixedInstancesPolicy: {
            ...mixed,
            LaunchTemplate: { ...mixed.LaunchTemplate, LaunchTemplateSpecification: template },
          },
        }
      : { LaunchTemplate: template }),
    MinSize: base.capacity.min,
    MaxSize: base.capacity.max,
    DesiredCapacity: base.capacity.desired,
    VPCZoneIdentifier: base.subnets.join(','),
    HealthCheckType: base.healthCheckType,
    HealthCheckGracePeriod: base.healthCheckGracePeriod,
    ...(base.terminationPolicies.length > 0 ? { TerminationPolicies: [...base.terminationPolicies] } : {}),
    ...(base.defaultCooldown !== undefined ? { DefaultCooldown: base.defaultCooldown } : {}),
    ...(base.targetGroupArns.length > 0 ? { TargetGroupARNs: [...base.targetGroupArns] } : {}),
    ...(base.lifecycleHooks?.length ? { LifecycleHookSpecificationList: [...base.lifecycleHooks] } : {}),
    Tags: [...base.tags],
  };
}

/**
 * The group's warm pool as the user made it: where previous-group: stopped put its own pool (and the group
 * serves again before a rollback took it away), the one recorded under it, or none.
 */
function usersWarmPool(group: AutoScalingGroup): WarmPoolConfiguration | undefined {
  const recorded = recordedUserPool(
    Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
  );
  if (recorded === null) return undefined;
  if (recorded) {
    const { ReuseOnScaleIn, ...rest } = recorded;
    return { ...rest, ...(ReuseOnScaleIn !== undefined ? { InstanceReusePolicy: { ReuseOnScaleIn } } : {}) };
  }
  return isEmptyValue(group.WarmPoolConfiguration) ? undefined : group.WarmPoolConfiguration;
}

/** AWS allows 50 tags per group. */
export const GROUP_TAG_LIMIT = 50;

/** The tags a deploy may add to a group over its life beyond the ones it is created with. */
const LATER_TAGS = [
  TAGS.disabledAt,
  TAGS.expiresAt,
  TAGS.capacity,
  TAGS.warmPool,
  TAGS.deploySuspended,
  TAGS.rollingStep,
  TAGS.rollbackTo,
  TAGS.rollbackBy,
  TAGS.lockOwner,
  TAGS.lockRun,
  TAGS.lockExpires,
];

/**
 * Checks, before any change, that the group's tags plus every tag the deploy may add later (disable,
 * rollback, lock, one per classic load balancer served) fit in AWS's 50.
 */
export function checkTagLimit(tags: readonly Tag[], loadBalancers = 0): void {
  const keys = new Set(tags.map((t) => t.Key));
  const later = LATER_TAGS.filter((key) => !keys.has(key)).length + loadBalancers;
  if (keys.size + later > GROUP_TAG_LIMIT) {
    const user = [...keys].filter((k) => k && !k.startsWith('immutable:') && k !== 'Name').length;
    throw new ImmutableError(
      'CONFLICT',
      `The next group would need ${keys.size + later} tags (${user} of the previous group, ${keys.size - user} of the deploy at creation, up to ${later} more later) and AWS allows ${GROUP_TAG_LIMIT}: remove ${keys.size + later - GROUP_TAG_LIMIT} tag(s) from the group.`,
    );
  }
}

/** One line per property that carries over, for the plan and the job summary. */
export function describeCarried(spec: CarryOver): string[] {
  const lines: string[] = [];
  const c = spec.carried;
  const mixed = c.MixedInstancesPolicy;
  if (mixed) {
    const overrides = mixed.LaunchTemplate?.Overrides ?? [];
    const d = mixed.InstancesDistribution;
    const types = overrides.map((o) => o.InstanceType ?? 'instance requirements').join(', ');
    lines.push(
      `mixed instances: ${types || 'template type only'}` +
        (d
          ? `; on-demand base ${d.OnDemandBaseCapacity ?? 0}, above it ${d.OnDemandPercentageAboveBaseCapacity ?? 100}% on-demand, spot ${d.SpotAllocationStrategy ?? 'default'}`
          : ''),
    );
  }
  if (c.LoadBalancerNames?.length) lines.push(`classic load balancers: ${c.LoadBalancerNames.join(', ')}`);
  if (c.TrafficSources?.length)
    lines.push(`traffic sources: ${c.TrafficSources.map(trafficLabel).join(', ')}`);
  const simple: [keyof CarriedFields, string][] = [
    ['DesiredCapacityType', 'desired capacity type'],
    ['CapacityRebalance', 'capacity rebalance'],
    ['NewInstancesProtectedFromScaleIn', 'new instances protected from scale-in'],
    ['PlacementGroup', 'placement group'],
    ['MaxInstanceLifetime', 'max instance lifetime (s)'],
    ['DefaultInstanceWarmup', 'default instance warmup (s)'],
    ['ServiceLinkedRoleARN', 'service-linked role'],
    ['Context', 'context'],
    ['DeletionProtection', 'deletion protection'],
  ];
  for (const [key, label] of simple) if (c[key] !== undefined) lines.push(`${label}: ${String(c[key])}`);
  const objects: [keyof CarriedFields, string][] = [
    ['InstanceMaintenancePolicy', 'instance maintenance policy'],
    ['CapacityReservationSpecification', 'capacity reservations'],
    ['AvailabilityZoneDistribution', 'AZ distribution'],
    ['AvailabilityZoneImpairmentPolicy', 'AZ impairment policy'],
    ['InstanceLifecyclePolicy', 'instance lifecycle policy'],
    ['Operator', 'operator'],
  ];
  for (const [key, label] of objects)
    if (c[key] !== undefined) lines.push(`${label}: ${JSON.stringify(c[key])}`);
  for (const m of spec.metrics) lines.push(`metrics (${m.granularity}): ${m.metrics.length}`);
  if (spec.warmPool) {
    lines.push(
      `warm pool: min ${spec.warmPool.MinSize ?? 0}, ${spec.warmPool.PoolState ?? 'Stopped'}${spec.warmPool.MaxGroupPreparedCapacity !== undefined ? `, max prepared ${spec.warmPool.MaxGroupPreparedCapacity}` : ''}`,
    );
  }
  if (spec.userSuspended.length > 0)
    lines.push(`processes the user suspended (kept suspended): ${spec.userSuspended.join(', ')}`);
  if (spec.dropped.length > 0) lines.push(`dropped (allow-drop): ${spec.dropped.join(', ')}`);
  return lines;
}

function trafficLabel(source: TrafficSourceIdentifier): string {
  return `${source.Type ?? 'unknown'} ${source.Identifier ?? ''}`.trim();
}
