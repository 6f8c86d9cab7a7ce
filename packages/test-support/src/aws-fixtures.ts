import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
} from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateImageCommand,
  CreateLaunchTemplateCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DescribeTargetGroupsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { Moto } from './moto';

/** Raw SDK clients for building fixtures (calls the product itself never makes), one attempt each. */
export function fixtureClients(moto: Moto, region = 'us-east-1') {
  const config = {
    region,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    maxAttempts: 1,
  };
  const ec2 = new EC2Client(config);
  const autoScaling = new AutoScalingClient(config);
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const cloudWatch = new CloudWatchClient(config);
  const elb = new ElasticLoadBalancingClient(config);
  return {
    ec2,
    autoScaling,
    elbv2,
    cloudWatch,
    elb,
    destroy(): void {
      for (const client of [ec2, autoScaling, elbv2, cloudWatch, elb]) client.destroy();
    },
  };
}
export type FixtureClients = ReturnType<typeof fixtureClients>;

/** A public Amazon Linux 2 image moto ships, as the base AMI. */
export async function publicAmi(clients: FixtureClients): Promise<string> {
  const images = await clients.ec2.send(
    new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }] }),
  );
  const id = images.Images?.find((i) => i.State === 'available')?.ImageId;
  if (!id) throw new Error('moto has no amzn2 public AMI in this region');
  return id;
}

// makeAmi's base image, looked up once per set of clients: moto's public AMIs are the same after a reset,
// and the name filter scans the ~1,200 of them on each look.
const baseAmis = new WeakMap<FixtureClients, Promise<string>>();

/** An AMI of our own, made from an instance (what a bake produces), available at once in moto. */
export async function makeAmi(clients: FixtureClients, name: string): Promise<string> {
  let lookup = baseAmis.get(clients);
  if (!lookup) {
    lookup = publicAmi(clients);
    lookup.catch(() => baseAmis.delete(clients));
    baseAmis.set(clients, lookup);
  }
  const base = await lookup;
  const run = await clients.ec2.send(
    new RunInstancesCommand({ ImageId: base, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }),
  );
  const instanceId = run.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new Error('RunInstances returned no instance');
  const image = await clients.ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: name }));
  await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  if (!image.ImageId) throw new Error('CreateImage returned no id');
  return image.ImageId;
}

export async function deregisterAmi(clients: FixtureClients, amiId: string): Promise<void> {
  await clients.ec2.send(new DeregisterImageCommand({ ImageId: amiId }));
}

export interface SeededNetwork {
  vpcId: string;
  subnetIds: string[];
  targetGroupArn: string;
  targetGroupName: string;
  loadBalancerArn: string;
  baseTemplateName: string;
  baseTemplateId: string;
  baseAmi: string;
}

/** What a user has before a first deploy: the default VPC, an ALB with a target group, and a base launch template. */
export async function seedNetwork(clients: FixtureClients, name = 'shop'): Promise<SeededNetwork> {
  const vpcs = await clients.ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  if (!vpcId) throw new Error('moto has no default VPC');
  const subnets = await clients.ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
  );
  const subnetIds = (subnets.Subnets ?? [])
    .flatMap((s) => (s.SubnetId ? [s.SubnetId] : []))
    .sort()
    .slice(0, 2);
  const targetGroupName = `${name}-web`;
  const tg = await clients.elbv2.send(
    new CreateTargetGroupCommand({
      Name: targetGroupName,
      Protocol: 'HTTP',
      Port: 80,
      VpcId: vpcId,
      TargetType: 'instance',
    }),
  );
  const targetGroupArn = tg.TargetGroups?.[0]?.TargetGroupArn;
  if (!targetGroupArn) throw new Error('CreateTargetGroup returned no ARN');
  const lb = await clients.elbv2.send(
    new CreateLoadBalancerCommand({ Name: `${name}-alb`, Subnets: subnetIds }),
  );
  const loadBalancerArn = lb.LoadBalancers?.[0]?.LoadBalancerArn;
  if (!loadBalancerArn) throw new Error('CreateLoadBalancer returned no ARN');
  await clients.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: loadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    }),
  );
  const baseAmi = await publicAmi(clients);
  const baseTemplateName = `${name}-base`;
  const template = await clients.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: baseTemplateName,
      LaunchTemplateData: {
        ImageId: baseAmi,
        InstanceType: 't3.micro',
        UserData: Buffer.from('#!/bin/sh\necho hello\n').toString('base64'),
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'shop' }] }],
      },
    }),
  );
  const baseTemplateId = template.LaunchTemplate?.LaunchTemplateId;
  if (!baseTemplateId) throw new Error('CreateLaunchTemplate returned no id');
  return {
    vpcId,
    subnetIds,
    targetGroupArn,
    targetGroupName,
    loadBalancerArn,
    baseTemplateName,
    baseTemplateId,
    baseAmi,
  };
}

/** The facts the invariants are about, read straight from the emulator. */
export async function readWorld(clients: FixtureClients, cluster: string, targetGroupArn?: string) {
  const groups =
    (await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
  const ours = groups.filter((g) => g.AutoScalingGroupName?.startsWith(`${cluster}-v`));
  const templates = (await clients.ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? [];
  const targets = targetGroupArn
    ? ((await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })))
        .TargetHealthDescriptions ?? [])
    : [];
  return {
    groups: ours.map((g) => ({
      name: g.AutoScalingGroupName ?? '',
      suspended: (g.SuspendedProcesses ?? []).map((p) => p.ProcessName ?? '').sort(),
      targetGroups: g.TargetGroupARNs ?? [],
      instances: (g.Instances ?? []).map((i) => i.InstanceId ?? ''),
      desired: g.DesiredCapacity,
      min: g.MinSize,
      max: g.MaxSize,
      tags: Object.fromEntries((g.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      launchTemplate: g.LaunchTemplate?.LaunchTemplateName ?? g.LaunchTemplate?.LaunchTemplateId,
    })),
    templates: templates.map((t) => t.LaunchTemplateName ?? ''),
    /** Instance ids registered and healthy in the target group. */
    healthyTargets: targets.filter((t) => t.TargetHealth?.State === 'healthy').map((t) => t.Target?.Id ?? ''),
  };
}

/**
 * Everything a deploy or rollback could change, read with describes: groups (capacity, processes, target
 * groups, tags, instances), launch templates and their versions, target health, instances and our images.
 * Cheaper than moto's full dump (which holds ~1,200 public AMIs) and says the same for these tests.
 */
export async function snapshotWorld(clients: FixtureClients): Promise<unknown> {
  const groups =
    (await clients.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
  const templates = (await clients.ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? [];
  const versions = await Promise.all(
    templates.map(async (t) =>
      (
        await clients.ec2.send(
          new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: t.LaunchTemplateId }),
        )
      ).LaunchTemplateVersions?.map((v) => ({
        n: v.VersionNumber,
        d: v.DefaultVersion,
        data: v.LaunchTemplateData,
      })),
    ),
  );
  const targetGroups = (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
  const health = await Promise.all(
    targetGroups.map(async (tg) => ({
      arn: tg.TargetGroupArn,
      targets: (
        (await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn })))
          .TargetHealthDescriptions ?? []
      )
        .map((d) => `${d.Target?.Id}:${d.TargetHealth?.State}`)
        .sort(),
    })),
  );
  const reservations = (await clients.ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
  const instances = reservations
    .flatMap((r) => r.Instances ?? [])
    .map((i) => `${i.InstanceId}:${i.State?.Name}:${i.ImageId}`)
    .sort();
  const images = ((await clients.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? [])
    .map((i) => ({ id: i.ImageId, state: i.State, tags: i.Tags }))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
  return {
    groups: groups
      .map((g) => ({ ...g, Instances: g.Instances?.map((i) => i.InstanceId).sort() }))
      .sort((a, b) => String(a.AutoScalingGroupName).localeCompare(String(b.AutoScalingGroupName))),
    templates: templates.map((t, i) => ({ name: t.LaunchTemplateName, versions: versions[i] })),
    health,
    instances,
    images,
  };
}

/** A CloudWatch alarm in the given state (moto evaluates no metrics, so the state stays until set). */
export async function createAlarm(
  clients: FixtureClients,
  name: string,
  state: 'OK' | 'ALARM' = 'OK',
): Promise<void> {
  await clients.cloudWatch.send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      MetricName: 'HTTPCode_Target_5XX_Count',
      Namespace: 'AWS/ApplicationELB',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
  );
  await setAlarm(clients, name, state);
}

export async function setAlarm(clients: FixtureClients, name: string, state: 'OK' | 'ALARM'): Promise<void> {
  await clients.cloudWatch.send(
    new SetAlarmStateCommand({ AlarmName: name, StateValue: state, StateReason: `set by test to ${state}` }),
  );
}

/** What scale-to-zero or a person in the console does to a disabled group. */
export async function resizeGroup(
  clients: FixtureClients,
  name: string,
  capacity: { min: number; desired: number; max: number },
) {
  await clients.autoScaling.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: capacity.min,
      DesiredCapacity: capacity.desired,
      MaxSize: capacity.max,
    }),
  );
}

/** The group serving traffic, as the world says: enabled processes and attached target groups. */
export function servingGroups(world: Awaited<ReturnType<typeof readWorld>>) {
  return world.groups.filter((g) => !g.suspended.includes('AddToLoadBalancer') && g.targetGroups.length > 0);
}

/**
 * Moves disabled groups' expiry (`immutable:expires-at`) into the past, as if their disabled-ttl had run
 * out: tests of expiry need not wait out the shortest ttl a deploy accepts (1 minute).
 */
export async function expireGroups(clients: FixtureClients, names: string[]): Promise<void> {
  const past = new Date(Date.now() - 60_000).toISOString();
  await clients.autoScaling.send(
    new CreateOrUpdateTagsCommand({
      Tags: names.map((name) => ({
        ResourceId: name,
        ResourceType: 'auto-scaling-group',
        Key: 'immutable:expires-at',
        Value: past,
        PropagateAtLaunch: false,
      })),
    }),
  );
}
