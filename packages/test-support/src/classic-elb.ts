import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  CreateLoadBalancerCommand,
  DescribeInstanceHealthCommand,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { FixtureClients, SeededNetwork } from './aws-fixtures';

/** What serves a cluster: target groups only (what a first deploy makes), a classic ELB only, or both. */
export type ClusterKind = 'target-group' | 'classic-elb' | 'both';
export const CLUSTER_KINDS: readonly ClusterKind[] = ['target-group', 'classic-elb', 'both'];

export interface ServedCluster {
  cluster: string;
  group: string;
  /** The classic ELB, for the kinds that have one. */
  loadBalancerName: string | undefined;
  targetGroupArn: string | undefined;
}

/**
 * A cluster's first group as a deploy leaves it (`<cluster>-v000`, its own launch template tagged with the
 * cluster, tagged serving), served by a classic ELB of its own, the seeded target group, or both. Deploy
 * has no input for classic ELBs (they carry over from the previous group), so this is how a classic-ELB
 * cluster starts. `drainingSeconds` turns on the ELB's connection draining.
 */
export async function createServedCluster(
  clients: FixtureClients,
  net: SeededNetwork,
  options: { cluster: string; amiId: string; kind: ClusterKind; desired?: number; drainingSeconds?: number },
): Promise<ServedCluster> {
  const { cluster, amiId, kind } = options;
  const desired = options.desired ?? 1;
  const group = `${cluster}-v000`;
  const withElb = kind !== 'target-group';
  const withTargetGroup = kind !== 'classic-elb';
  // Classic ELB names: at most 32 characters.
  const loadBalancerName = withElb ? `${cluster}`.slice(0, 28).replace(/-+$/, '') + '-elb' : undefined;
  if (loadBalancerName) {
    await clients.elb.send(
      new CreateLoadBalancerCommand({
        LoadBalancerName: loadBalancerName,
        Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }],
        Subnets: net.subnetIds,
      }),
    );
    if (options.drainingSeconds !== undefined) {
      await clients.elb.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerName: loadBalancerName,
          LoadBalancerAttributes: {
            ConnectionDraining: { Enabled: true, Timeout: options.drainingSeconds },
          },
        }),
      );
    }
  }
  await clients.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: group,
      LaunchTemplateData: { ImageId: amiId, InstanceType: 't3.micro' },
      TagSpecifications: [
        { ResourceType: 'launch-template', Tags: [{ Key: 'immutable:cluster', Value: cluster }] },
      ],
    }),
  );
  await clients.autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: group,
      LaunchTemplate: { LaunchTemplateName: group, Version: '$Default' },
      MinSize: desired,
      MaxSize: desired,
      DesiredCapacity: desired,
      VPCZoneIdentifier: net.subnetIds.join(','),
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 60,
      ...(loadBalancerName ? { LoadBalancerNames: [loadBalancerName] } : {}),
      ...(withTargetGroup ? { TargetGroupARNs: [net.targetGroupArn] } : {}),
      Tags: [
        { Key: 'immutable:cluster', Value: cluster, PropagateAtLaunch: false },
        { Key: 'immutable:ami', Value: amiId, PropagateAtLaunch: false },
        { Key: 'immutable:phase', Value: 'serving', PropagateAtLaunch: false },
      ],
    }),
  );
  return {
    cluster,
    group,
    loadBalancerName,
    targetGroupArn: withTargetGroup ? net.targetGroupArn : undefined,
  };
}

/** A cluster's groups and where their traffic goes, read straight from the emulator. */
export async function readTraffic(
  clients: FixtureClients,
  cluster: string,
  served: { loadBalancerName?: string | undefined; targetGroupArn?: string | undefined },
) {
  const all =
    (await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
  const groups = all
    .filter((g) => g.AutoScalingGroupName?.startsWith(`${cluster}-v`))
    .map((g) => ({
      name: g.AutoScalingGroupName ?? '',
      suspended: (g.SuspendedProcesses ?? []).map((p) => p.ProcessName ?? '').sort(),
      targetGroups: g.TargetGroupARNs ?? [],
      loadBalancers: g.LoadBalancerNames ?? [],
      instances: (g.Instances ?? []).map((i) => i.InstanceId ?? ''),
      tags: Object.fromEntries((g.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    }));
  const elbStates = served.loadBalancerName
    ? ((
        await clients.elb.send(
          new DescribeInstanceHealthCommand({ LoadBalancerName: served.loadBalancerName }),
        )
      ).InstanceStates ?? [])
    : [];
  const targets = served.targetGroupArn
    ? ((await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: served.targetGroupArn })))
        .TargetHealthDescriptions ?? [])
    : [];
  return {
    groups,
    /** Instance ids the classic ELB lists InService. */
    elbInService: elbStates.filter((s) => s.State === 'InService').map((s) => s.InstanceId ?? ''),
    /** Every instance id the classic ELB lists, in any state. */
    elbListed: elbStates.map((s) => s.InstanceId ?? ''),
    /** Instance ids registered and healthy in the target group. */
    healthyTargets: targets.filter((t) => t.TargetHealth?.State === 'healthy').map((t) => t.Target?.Id ?? ''),
  };
}

/** Groups taking traffic: traffic processes running, and attached to a target group or a classic ELB. */
export function trafficServingGroups(world: Awaited<ReturnType<typeof readTraffic>>) {
  return world.groups.filter(
    (g) => !g.suspended.includes('AddToLoadBalancer') && g.targetGroups.length + g.loadBalancers.length > 0,
  );
}
