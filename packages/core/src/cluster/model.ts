import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { parseGroupName } from '../naming/names';
import {
  TAGS,
  deploySuspendedProcesses,
  servedLoadBalancers,
  servedTargetGroups,
  type DeployPhase,
} from './tags';

export interface Capacity {
  min: number;
  max: number;
  desired: number;
}

export interface GroupInstance {
  id: string;
  lifecycleState: string;
  healthStatus: string;
  availabilityZone: string;
}

export interface LaunchTemplateRef {
  id?: string;
  name?: string;
  version?: string;
}

export interface UserTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

/** One Auto Scaling group of a cluster, as read from a single DescribeAutoScalingGroups answer. */
export interface ServerGroup {
  name: string;
  cluster: string;
  version: number;
  createdTime: Date;
  capacity: Capacity;
  instances: GroupInstance[];
  launchTemplate: LaunchTemplateRef | undefined;
  /** Target groups attached now. */
  targetGroupArns: string[];
  /** Target groups it served when last enabled (recorded on it), else those attached now. */
  servedTargetGroupArns: string[];
  /** Classic load balancers attached now. */
  loadBalancerNames: string[];
  /** Classic load balancers it served when last enabled (recorded on it), else those attached now. */
  servedLoadBalancerNames: string[];
  suspendedProcesses: string[];
  /** Suspended by the user on purpose (not by a disable): kept suspended, carried to the next group. */
  userSuspendedProcesses: string[];
  subnets: string[];
  healthCheckType: string;
  healthCheckGracePeriod: number | undefined;
  terminationPolicies: string[];
  defaultCooldown: number | undefined;
  tags: Record<string, string>;
  /** The tags that are not ours nor AWS's: copied to the next group. */
  userTags: UserTag[];
  amiId: string | undefined;
  phase: DeployPhase | undefined;
  /** Takes traffic: not suspended from the load balancers and (if it serves any) attached to its target groups. */
  enabled: boolean;
  status: string | undefined;
}

export function toServerGroup(group: AutoScalingGroup): ServerGroup | undefined {
  const parsed = group.AutoScalingGroupName ? parseGroupName(group.AutoScalingGroupName) : undefined;
  if (!parsed) return undefined;
  const tags: Record<string, string> = {};
  const userTags: UserTag[] = [];
  for (const tag of group.Tags ?? []) {
    if (!tag.Key) continue;
    tags[tag.Key] = tag.Value ?? '';
    if (!tag.Key.startsWith('immutable:') && !tag.Key.startsWith('aws:')) {
      userTags.push({
        key: tag.Key,
        value: tag.Value ?? '',
        propagateAtLaunch: tag.PropagateAtLaunch ?? false,
      });
    }
  }
  const suspendedProcesses = (group.SuspendedProcesses ?? []).flatMap((p) =>
    p.ProcessName ? [p.ProcessName] : [],
  );
  const targetGroupArns = group.TargetGroupARNs ?? [];
  const recorded = servedTargetGroups(tags);
  const servedTargetGroupArns = recorded.length > 0 ? recorded : targetGroupArns;
  const loadBalancerNames = group.LoadBalancerNames ?? [];
  const recordedElbs = servedLoadBalancers(tags);
  const servedLoadBalancerNames = recordedElbs.length > 0 ? recordedElbs : loadBalancerNames;
  const ownSuspensions = deploySuspendedProcesses(tags, suspendedProcesses);
  const trafficSuspended = suspendedProcesses.includes('AddToLoadBalancer');
  const detached =
    servedTargetGroupArns.length + servedLoadBalancerNames.length > 0 &&
    targetGroupArns.length + loadBalancerNames.length === 0;
  const spec =
    group.LaunchTemplate ?? group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  const launchTemplate: LaunchTemplateRef | undefined = spec
    ? {
        ...(spec.LaunchTemplateId ? { id: spec.LaunchTemplateId } : {}),
        ...(spec.LaunchTemplateName ? { name: spec.LaunchTemplateName } : {}),
        ...(spec.Version ? { version: spec.Version } : {}),
      }
    : undefined;
  return {
    name: parsed.group,
    cluster: parsed.cluster,
    version: parsed.version,
    createdTime: group.CreatedTime ?? new Date(0),
    capacity: { min: group.MinSize ?? 0, max: group.MaxSize ?? 0, desired: group.DesiredCapacity ?? 0 },
    instances: (group.Instances ?? []).map((i) => ({
      id: i.InstanceId ?? '',
      lifecycleState: i.LifecycleState ?? 'Unknown',
      healthStatus: i.HealthStatus ?? 'Unknown',
      availabilityZone: i.AvailabilityZone ?? '',
    })),
    launchTemplate,
    targetGroupArns,
    servedTargetGroupArns,
    loadBalancerNames,
    servedLoadBalancerNames,
    suspendedProcesses,
    userSuspendedProcesses: suspendedProcesses.filter((p) => !ownSuspensions.includes(p)),
    subnets: (group.VPCZoneIdentifier ?? '').split(',').filter(Boolean),
    healthCheckType: group.HealthCheckType ?? 'EC2',
    healthCheckGracePeriod: group.HealthCheckGracePeriod,
    terminationPolicies: group.TerminationPolicies ?? [],
    defaultCooldown: group.DefaultCooldown,
    tags,
    userTags,
    amiId: tags[TAGS.ami],
    phase: tags[TAGS.phase] as DeployPhase | undefined,
    enabled: !trafficSuspended && !detached,
    status: group.Status,
  };
}
