import {
  CreateAutoScalingGroupCommand,
  DescribePoliciesCommand,
  EnableMetricsCollectionCommand,
  PutLifecycleHookCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
  PutWarmPoolCommand,
  SuspendProcessesCommand,
} from '@aws-sdk/client-auto-scaling';
import { PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import type { FixtureClients, SeededNetwork } from './aws-fixtures';

export interface ProductionGroup {
  cluster: string;
  group: string;
  templateName: string;
  classicElb: string;
  placementGroup: string;
  hookName: string;
  /** Policy name → ARN on the fixture group. */
  policies: Record<'stepOut' | 'simpleIn' | 'tracking', string>;
  policyNames: Record<'stepOut' | 'simpleIn' | 'tracking', string>;
  alarms: { stepOut: string; simpleIn: string };
  scheduled: { future: string; recurring: string; past: string };
  userSuspended: string[];
  metrics: string[];
  userTags: Record<string, string>;
}

const DAY = 86_400_000;

/**
 * A group shaped like production, with every property moto 5.2.1 can hold: a spot/on-demand mix over
 * two instance types, a classic ELB beside the target group, a launch hook, a warm pool, step, simple and
 * customized target-tracking policies with alarms, scheduled actions (one past), a process the user
 * suspended, enabled metrics, scale-in protection, a placement group and user tags. Named as a deploy
 * names groups (`<cluster>-v000`), so the next deploy takes it as the previous group.
 */
export async function createProductionGroup(
  clients: FixtureClients,
  net: SeededNetwork,
  options: { cluster: string; amiId: string; now?: number },
): Promise<ProductionGroup> {
  const { cluster, amiId } = options;
  const now = options.now ?? Date.now();
  const group = `${cluster}-v000`;
  const templateName = `${cluster}-mixed`;
  await clients.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: templateName,
      LaunchTemplateData: { ImageId: amiId, InstanceType: 't3.micro' },
    }),
  );
  const classicElb = `${cluster}-classic`;
  await clients.elb.send(
    new CreateLoadBalancerCommand({
      LoadBalancerName: classicElb,
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }],
      Subnets: net.subnetIds,
    }),
  );
  // moto has no CreatePlacementGroup (a 500), but stores the group's PlacementGroup as given.
  const placementGroup = `${cluster}-spread`;
  const userTags = { team: 'payments', 'cost-center': 'cc-42' };
  await clients.autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: group,
      MixedInstancesPolicy: {
        LaunchTemplate: {
          LaunchTemplateSpecification: { LaunchTemplateName: templateName, Version: '$Default' },
          Overrides: [{ InstanceType: 't3.micro' }, { InstanceType: 't3a.micro', WeightedCapacity: '1' }],
        },
        InstancesDistribution: {
          OnDemandBaseCapacity: 0,
          OnDemandPercentageAboveBaseCapacity: 50,
          SpotAllocationStrategy: 'price-capacity-optimized',
          OnDemandAllocationStrategy: 'prioritized',
        },
      },
      MinSize: 2,
      MaxSize: 6,
      DesiredCapacity: 2,
      VPCZoneIdentifier: net.subnetIds.join(','),
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 120,
      DefaultCooldown: 240,
      TerminationPolicies: ['OldestLaunchTemplate', 'Default'],
      TargetGroupARNs: [net.targetGroupArn],
      LoadBalancerNames: [classicElb],
      PlacementGroup: placementGroup,
      CapacityRebalance: true,
      NewInstancesProtectedFromScaleIn: true,
      Tags: [
        ...Object.entries(userTags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
        { Key: 'immutable:cluster', Value: cluster, PropagateAtLaunch: false },
        { Key: 'immutable:ami', Value: amiId, PropagateAtLaunch: false },
        { Key: 'immutable:phase', Value: 'serving', PropagateAtLaunch: false },
      ],
    }),
  );
  const hookName = `${cluster}-warmup`;
  await clients.autoScaling.send(
    new PutLifecycleHookCommand({
      AutoScalingGroupName: group,
      LifecycleHookName: hookName,
      LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
      HeartbeatTimeout: 300,
      DefaultResult: 'CONTINUE',
      NotificationMetadata: '{"stage":"warmup"}',
    }),
  );
  await clients.autoScaling.send(
    new PutWarmPoolCommand({
      AutoScalingGroupName: group,
      MinSize: 1,
      MaxGroupPreparedCapacity: 3,
      PoolState: 'Stopped',
      InstanceReusePolicy: { ReuseOnScaleIn: true },
    }),
  );
  const metrics = ['GroupDesiredCapacity', 'GroupInServiceInstances'];
  await clients.autoScaling.send(
    new EnableMetricsCollectionCommand({
      AutoScalingGroupName: group,
      Granularity: '1Minute',
      Metrics: metrics,
    }),
  );
  const userSuspended = ['AZRebalance'];
  await clients.autoScaling.send(
    new SuspendProcessesCommand({ AutoScalingGroupName: group, ScalingProcesses: userSuspended }),
  );

  // moto keys policies by name across the region, so these carry the group's name, as Asgard's did.
  const policyNames = {
    stepOut: `${group}-step-out`,
    simpleIn: `${group}-simple-in`,
    tracking: `${group}-latency`,
  };
  await clients.autoScaling.send(
    new PutScalingPolicyCommand({
      AutoScalingGroupName: group,
      PolicyName: policyNames.stepOut,
      PolicyType: 'StepScaling',
      AdjustmentType: 'ChangeInCapacity',
      MetricAggregationType: 'Average',
      EstimatedInstanceWarmup: 90,
      StepAdjustments: [
        { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 20, ScalingAdjustment: 1 },
        { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 },
      ],
    }),
  );
  await clients.autoScaling.send(
    new PutScalingPolicyCommand({
      AutoScalingGroupName: group,
      PolicyName: policyNames.simpleIn,
      PolicyType: 'SimpleScaling',
      AdjustmentType: 'ChangeInCapacity',
      ScalingAdjustment: -1,
      Cooldown: 300,
    }),
  );
  await clients.autoScaling.send(
    new PutScalingPolicyCommand({
      AutoScalingGroupName: group,
      PolicyName: policyNames.tracking,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        TargetValue: 0.25,
        CustomizedMetricSpecification: {
          MetricName: 'Latency',
          Namespace: 'Shop',
          Statistic: 'Average',
          Dimensions: [
            { Name: 'AutoScalingGroupName', Value: group },
            { Name: 'Service', Value: 'checkout' },
          ],
        },
      },
    }),
  );
  const described =
    (await clients.autoScaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: group })))
      .ScalingPolicies ?? [];
  const arnOf = (name: string): string => {
    const arn = described.find((p) => p.PolicyName === name)?.PolicyARN;
    if (!arn) throw new Error(`policy ${name} has no ARN`);
    return arn;
  };
  const policies = {
    stepOut: arnOf(policyNames.stepOut),
    simpleIn: arnOf(policyNames.simpleIn),
    tracking: arnOf(policyNames.tracking),
  };
  const alarms = { stepOut: `${group}-cpu-high`, simpleIn: 'payments-cpu-low' };
  const cpu = {
    MetricName: 'CPUUtilization',
    Namespace: 'AWS/EC2',
    Statistic: 'Average' as const,
    Period: 60,
    Dimensions: [{ Name: 'AutoScalingGroupName', Value: group }],
  };
  await clients.cloudWatch.send(
    new PutMetricAlarmCommand({
      ...cpu,
      AlarmName: alarms.stepOut,
      AlarmDescription: 'scale out on CPU',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 70,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [policies.stepOut],
      Tags: [{ Key: 'team', Value: 'payments' }],
    }),
  );
  await clients.cloudWatch.send(
    new PutMetricAlarmCommand({
      ...cpu,
      AlarmName: alarms.simpleIn,
      EvaluationPeriods: 5,
      Threshold: 20,
      ComparisonOperator: 'LessThanThreshold',
      AlarmActions: [policies.simpleIn],
    }),
  );
  // moto keys scheduled actions by name across the region too: named after the group, as the policies.
  const scheduled = {
    future: `${group}-black-friday`,
    recurring: `${group}-nightly-shrink`,
    past: `${group}-last-launch`,
  };
  await clients.autoScaling.send(
    new PutScheduledUpdateGroupActionCommand({
      AutoScalingGroupName: group,
      ScheduledActionName: scheduled.future,
      StartTime: new Date(now + 7 * DAY),
      DesiredCapacity: 4,
      MaxSize: 8,
    }),
  );
  await clients.autoScaling.send(
    new PutScheduledUpdateGroupActionCommand({
      AutoScalingGroupName: group,
      ScheduledActionName: scheduled.recurring,
      Recurrence: '0 2 * * *',
      TimeZone: 'Europe/Paris',
      MinSize: 2,
      DesiredCapacity: 2,
    }),
  );
  await clients.autoScaling.send(
    new PutScheduledUpdateGroupActionCommand({
      AutoScalingGroupName: group,
      ScheduledActionName: scheduled.past,
      StartTime: new Date(now - 3 * DAY),
      DesiredCapacity: 3,
    }),
  );
  return {
    cluster,
    group,
    templateName,
    classicElb,
    placementGroup,
    hookName,
    policies,
    policyNames,
    alarms,
    scheduled,
    userSuspended,
    metrics,
    userTags,
  };
}
