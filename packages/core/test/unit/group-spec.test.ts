import { AutoScalingClient, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  applyGroupCopies,
  autoScalingApi,
  checkTagLimit,
  cloudWatchApi,
  copiedAlarm,
  describeCarried,
  isFuture,
  nextGroupInput,
  readGroupCopies,
  readGroupSpec,
  rewriteGroupDimension,
  type AwsClients,
  type NextGroupBase,
} from '../../src';
import { fakeRuntime } from '@immutable-actions/test-support';

// What moto cannot hold, checked against answers shaped as AWS documents them (DescribeAutoScalingGroups
// and friends in the Auto Scaling API reference), as the SDK deserializes them.
const LATTICE = 'arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0';
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';

const recorded = (): AutoScalingGroup => ({
  AutoScalingGroupName: 'shop-v004',
  AutoScalingGroupARN:
    'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:8e7c2c5e-0000-4b2b-9d3c-2f1e5f1a0001:autoScalingGroupName/shop-v004',
  MixedInstancesPolicy: {
    LaunchTemplate: {
      LaunchTemplateSpecification: {
        LaunchTemplateId: 'lt-0aaaaaaaaaaaaaaaa',
        LaunchTemplateName: 'shop-v004',
        Version: '$Default',
      },
      Overrides: [
        {
          InstanceRequirements: {
            VCpuCount: { Min: 2, Max: 4 },
            MemoryMiB: { Min: 4096 },
            CpuManufacturers: ['intel', 'amd'],
          },
        },
      ],
    },
    InstancesDistribution: {
      OnDemandAllocationStrategy: 'lowest-price',
      OnDemandBaseCapacity: 1,
      OnDemandPercentageAboveBaseCapacity: 20,
      SpotAllocationStrategy: 'price-capacity-optimized',
    },
  },
  MinSize: 2,
  MaxSize: 20,
  DesiredCapacity: 6,
  DesiredCapacityType: 'vcpu',
  DefaultCooldown: 300,
  AvailabilityZones: ['us-east-1a', 'us-east-1b'],
  LoadBalancerNames: ['shop-classic'],
  TargetGroupARNs: [TG],
  HealthCheckType: 'ELB',
  HealthCheckGracePeriod: 300,
  Instances: [],
  CreatedTime: new Date('2026-11-20T10:00:00Z'),
  SuspendedProcesses: [
    { ProcessName: 'AZRebalance', SuspensionReason: 'User suspended at 2026-11-20T10:05:00Z' },
  ],
  VPCZoneIdentifier: 'subnet-0aaaaaaa,subnet-0bbbbbbb',
  EnabledMetrics: [
    { Metric: 'GroupInServiceInstances', Granularity: '1Minute' },
    { Metric: 'GroupDesiredCapacity', Granularity: '1Minute' },
  ],
  Tags: [
    {
      ResourceId: 'shop-v004',
      ResourceType: 'auto-scaling-group',
      Key: 'team',
      Value: 'shop',
      PropagateAtLaunch: true,
    },
  ],
  TerminationPolicies: ['Default'],
  NewInstancesProtectedFromScaleIn: true,
  ServiceLinkedRoleARN:
    'arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_shop',
  MaxInstanceLifetime: 604800,
  CapacityRebalance: true,
  WarmPoolConfiguration: {
    MaxGroupPreparedCapacity: 4,
    MinSize: 2,
    PoolState: 'Hibernated',
    Status: undefined,
    InstanceReusePolicy: { ReuseOnScaleIn: true },
  },
  WarmPoolSize: 2,
  Context: 'shop-prod',
  DefaultInstanceWarmup: 120,
  // AWS lists every traffic source, the target group and classic ELB included.
  TrafficSources: [
    { Identifier: TG, Type: 'elbv2' },
    { Identifier: 'shop-classic', Type: 'elb' },
    { Identifier: LATTICE, Type: 'vpc-lattice' },
  ],
  InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 120 },
  AvailabilityZoneDistribution: { CapacityDistributionStrategy: 'balanced-only' },
  AvailabilityZoneImpairmentPolicy: {
    ZonalShiftEnabled: true,
    ImpairedZoneHealthCheckBehavior: 'IgnoreUnhealthy',
  },
  CapacityReservationSpecification: { CapacityReservationPreference: 'capacity-reservations-first' },
  PlacementGroup: 'shop-spread',
});

const base = (overrides: Partial<NextGroupBase> = {}): NextGroupBase => ({
  name: 'shop-v005',
  launchTemplateId: 'lt-0bbbbbbbbbbbbbbbb',
  capacity: { min: 2, max: 20, desired: 6 },
  subnets: ['subnet-0aaaaaaa', 'subnet-0bbbbbbb'],
  healthCheckType: 'ELB',
  healthCheckGracePeriod: 300,
  terminationPolicies: ['Default'],
  defaultCooldown: 300,
  targetGroupArns: [TG],
  tags: [{ Key: 'team', Value: 'shop', PropagateAtLaunch: true }],
  ...overrides,
});

describe('readGroupSpec and nextGroupInput (recorded DescribeAutoScalingGroups answer)', () => {
  it('carries every known field, with the mixed-instances policy on the new template', () => {
    const spec = readGroupSpec(recorded());
    const input = nextGroupInput(spec, base());
    expect(input.LaunchTemplate).toBeUndefined();
    expect(input.MixedInstancesPolicy).toEqual({
      ...recorded().MixedInstancesPolicy,
      LaunchTemplate: {
        LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0bbbbbbbbbbbbbbbb', Version: '$Default' },
        Overrides: recorded().MixedInstancesPolicy?.LaunchTemplate?.Overrides,
      },
    });
    expect(input).toMatchObject({
      AutoScalingGroupName: 'shop-v005',
      DesiredCapacityType: 'vcpu',
      LoadBalancerNames: ['shop-classic'],
      TargetGroupARNs: [TG],
      CapacityRebalance: true,
      NewInstancesProtectedFromScaleIn: true,
      PlacementGroup: 'shop-spread',
      MaxInstanceLifetime: 604800,
      DefaultInstanceWarmup: 120,
      ServiceLinkedRoleARN: recorded().ServiceLinkedRoleARN,
      Context: 'shop-prod',
      InstanceMaintenancePolicy: { MinHealthyPercentage: 90, MaxHealthyPercentage: 120 },
      AvailabilityZoneDistribution: { CapacityDistributionStrategy: 'balanced-only' },
      AvailabilityZoneImpairmentPolicy: {
        ZonalShiftEnabled: true,
        ImpairedZoneHealthCheckBehavior: 'IgnoreUnhealthy',
      },
      CapacityReservationSpecification: { CapacityReservationPreference: 'capacity-reservations-first' },
      // Only the traffic source that is neither the target group nor the classic ELB.
      TrafficSources: [{ Identifier: LATTICE, Type: 'vpc-lattice' }],
    });
    // What is the group's own state never goes into the create call.
    for (const key of [
      'Instances',
      'AvailabilityZones',
      'WarmPoolSize',
      'CreatedTime',
      'AutoScalingGroupARN',
    ])
      expect(input).not.toHaveProperty(key);
    expect(spec.metrics).toEqual([
      { granularity: '1Minute', metrics: ['GroupDesiredCapacity', 'GroupInServiceInstances'] },
    ]);
    expect(spec.warmPool).toMatchObject({ MinSize: 2, PoolState: 'Hibernated' });
    expect(spec.userSuspended).toEqual(['AZRebalance']);
  });

  it('without a mixed-instances policy, the group gets the new template plainly', () => {
    const group = recorded();
    delete group.MixedInstancesPolicy;
    group.LaunchTemplate = { LaunchTemplateName: 'shop-v004', Version: '$Default' };
    const input = nextGroupInput(readGroupSpec(group), base());
    expect(input.LaunchTemplate).toEqual({ LaunchTemplateId: 'lt-0bbbbbbbbbbbbbbbb', Version: '$Default' });
    expect(input.MixedInstancesPolicy).toBeUndefined();
  });

  it('refuses, in one line naming it, a non-empty field it does not know', () => {
    const group = { ...recorded(), ShinyNewThing: { Enabled: true } } as AutoScalingGroup;
    expect(() => readGroupSpec(group)).toThrow(
      /^shop-v004 has ShinyNewThing, which this version cannot carry over .*allow-drop: ShinyNewThing/,
    );
    expect(() => readGroupSpec(group)).not.toThrow(/\n/);
    // An empty unknown field is nothing to lose.
    expect(() => readGroupSpec({ ...recorded(), ShinyNewThing: [] } as AutoScalingGroup)).not.toThrow();
  });

  it('allow-drop lets named fields go, and the plan says so', () => {
    const group = { ...recorded(), ShinyNewThing: 'on' } as AutoScalingGroup;
    const spec = readGroupSpec(group, ['ShinyNewThing', 'CapacityRebalance']);
    expect(spec.dropped).toEqual(['CapacityRebalance', 'ShinyNewThing']);
    expect(nextGroupInput(spec, base())).not.toHaveProperty('CapacityRebalance');
    expect(describeCarried(spec)).toContain('dropped (allow-drop): CapacityRebalance, ShinyNewThing');
  });

  it('dropping the mixed-instances policy keeps an instance type from its overrides for the template', () => {
    const group = recorded();
    group.MixedInstancesPolicy = {
      LaunchTemplate: {
        LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0aaaaaaaaaaaaaaaa' },
        Overrides: [{ InstanceType: 'm6i.large' }, { InstanceType: 'm5.large' }],
      },
    };
    expect(readGroupSpec(group).overrideInstanceType).toBeUndefined();
    expect(readGroupSpec(group, ['MixedInstancesPolicy']).overrideInstanceType).toBe('m6i.large');
  });

  it('refuses a per-instance-type launch template, which would keep the old image', () => {
    const group = recorded();
    group.MixedInstancesPolicy = {
      LaunchTemplate: {
        LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0aaaaaaaaaaaaaaaa' },
        Overrides: [
          { InstanceType: 'm6i.large' },
          { InstanceType: 'm6g.large', LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0arm' } },
        ],
      },
    };
    expect(() => readGroupSpec(group)).toThrow(/Overrides\[1\]\.LaunchTemplateSpecification/);
  });

  it('checks the 50-tag limit, counting the tags a deploy adds later', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    // 11 tags come later (immutable:warm-pool among them, for previous-group: stopped).
    expect(() => checkTagLimit(tags(39))).not.toThrow();
    expect(() => checkTagLimit(tags(40))).toThrow(/would need 51 tags .* AWS allows 50: remove 1 tag/);
    expect(() => nextGroupInput(undefined, base({ tags: tags(45) }))).toThrow(/AWS allows 50/);
  });

  it('lists what carries over, one property a line', () => {
    const lines = describeCarried(readGroupSpec(recorded()));
    expect(lines).toEqual(
      expect.arrayContaining([
        'mixed instances: instance requirements; on-demand base 1, above it 20% on-demand, spot price-capacity-optimized',
        'classic load balancers: shop-classic',
        `traffic sources: vpc-lattice ${LATTICE}`,
        'capacity rebalance: true',
        'placement group: shop-spread',
        'warm pool: min 2, Hibernated, max prepared 4',
        'processes the user suspended (kept suspended): AZRebalance',
      ]),
    );
  });
});

describe('copies (recorded answers)', () => {
  const policyArn = (group: string, name: string) =>
    `arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0000:autoScalingGroupName/${group}:policyName/${name}`;

  it('re-points alarm actions and dimensions, metric math included, and tags the copy', () => {
    const old = policyArn('shop-v004', 'out');
    const copy = copiedAlarm(
      {
        AlarmName: 'shop-v004-cpu',
        AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-v004-cpu',
        StateValue: 'OK',
        AlarmActions: [old, 'arn:aws:sns:us-east-1:123456789012:pager'],
        OKActions: [],
        Metrics: [
          {
            Id: 'm1',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/EC2',
                MetricName: 'CPUUtilization',
                Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'shop-v004' }],
              },
              Period: 60,
              Stat: 'Average',
            },
            ReturnData: false,
          },
          { Id: 'e1', Expression: 'm1 * 2', ReturnData: true },
        ],
        Threshold: 80,
        EvaluationPeriods: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        Tags: [{ Key: 'team', Value: 'shop' }],
      },
      'shop-v004',
      'shop-v005',
      new Map([[old, policyArn('shop-v005', 'out')]]),
    );
    expect(copy.AlarmName).toBe('shop-v005-cpu');
    expect(copy.AlarmActions).toEqual([
      policyArn('shop-v005', 'out'),
      'arn:aws:sns:us-east-1:123456789012:pager',
    ]);
    expect(copy.Metrics?.[0]?.MetricStat?.Metric?.Dimensions).toEqual([
      { Name: 'AutoScalingGroupName', Value: 'shop-v005' },
    ]);
    expect(copy.Tags).toEqual([
      { Key: 'team', Value: 'shop' },
      { Key: 'immutable:alarm-for', Value: 'shop-v005' },
    ]);
    expect(copy).not.toHaveProperty('StateValue');
    expect(copy).not.toHaveProperty('AlarmArn');
  });

  it('rewrites only the AutoScalingGroupName dimension of the old group', () => {
    const dims = [
      { Name: 'AutoScalingGroupName', Value: 'shop-v004' },
      { Name: 'AutoScalingGroupName', Value: 'other-v001' },
      { Name: 'Service', Value: 'shop-v004' },
    ];
    expect(rewriteGroupDimension(dims, 'shop-v004', 'shop-v005')).toEqual([
      { Name: 'AutoScalingGroupName', Value: 'shop-v005' },
      { Name: 'AutoScalingGroupName', Value: 'other-v001' },
      { Name: 'Service', Value: 'shop-v004' },
    ]);
  });

  it('keeps future scheduled actions only', () => {
    const now = Date.parse('2026-12-01T00:00:00Z');
    expect(isFuture({ StartTime: new Date('2026-12-02T00:00:00Z') }, now)).toBe(true);
    expect(isFuture({ StartTime: new Date('2026-11-30T00:00:00Z') }, now)).toBe(false);
    expect(isFuture({ Recurrence: '0 2 * * *', StartTime: new Date('2026-01-01T00:00:00Z') }, now)).toBe(
      true,
    );
    expect(isFuture({ Recurrence: '0 2 * * *', EndTime: new Date('2026-11-30T00:00:00Z') }, now)).toBe(false);
  });

  it('reads scheduled actions and notifications page by page, and copies them all', async () => {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const answers: Record<string, (input: Record<string, unknown>) => unknown> = {
      DescribeLifecycleHooksCommand: () => ({ LifecycleHooks: [] }),
      DescribePoliciesCommand: () => ({ ScalingPolicies: [] }),
      DescribeNotificationConfigurationsCommand: (input) =>
        input['NextToken']
          ? {
              NotificationConfigurations: [
                {
                  AutoScalingGroupName: 'shop-v004',
                  TopicARN: 'arn:aws:sns:us-east-1:123456789012:ops',
                  NotificationType: 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR',
                },
              ],
            }
          : {
              NotificationConfigurations: [
                {
                  AutoScalingGroupName: 'shop-v004',
                  TopicARN: 'arn:aws:sns:us-east-1:123456789012:ops',
                  NotificationType: 'autoscaling:EC2_INSTANCE_LAUNCH',
                },
              ],
              NextToken: 'n2',
            },
      DescribeScheduledActionsCommand: (input) => {
        const page = Number(input['NextToken'] ?? 0);
        return {
          ScheduledUpdateGroupActions: [
            {
              ScheduledActionName: `a${page}`,
              StartTime: new Date(Date.UTC(2027, 0, 1 + page)),
              DesiredCapacity: page,
            },
          ],
          ...(page < 2 ? { NextToken: String(page + 1) } : {}),
        };
      },
    };
    // Real clients (the SDK's paginators check the class) whose send answers from the recording.
    const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return answers[command.constructor.name]?.(command.input) ?? {};
    };
    const autoScalingClient = new AutoScalingClient({ region: 'us-east-1' });
    const cloudWatchClient = new CloudWatchClient({ region: 'us-east-1' });
    Object.assign(autoScalingClient, { send });
    Object.assign(cloudWatchClient, { send });
    const aws = {
      autoScaling: autoScalingApi(autoScalingClient),
      cloudWatch: cloudWatchApi(cloudWatchClient),
    } as Pick<AwsClients, 'autoScaling' | 'cloudWatch'>;
    const copies = await readGroupCopies(aws, 'shop-v004', Date.parse('2026-12-01T00:00:00Z'));
    expect(copies.scheduledActions.map((a) => a.ScheduledActionName)).toEqual(['a0', 'a1', 'a2']);
    expect(copies.notifications).toEqual([
      {
        topicArn: 'arn:aws:sns:us-east-1:123456789012:ops',
        types: ['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR'],
      },
    ]);
    sent.length = 0;
    const runtime = fakeRuntime({ start: Date.parse('2026-12-01T00:00:00Z') });
    const spec = readGroupSpec(recorded());
    const report = await applyGroupCopies(aws, runtime, 'shop-v005', spec, copies);
    expect(report).toMatchObject({ notifications: 1, scheduledActions: 3, warmPool: true, metrics: 2 });
    expect(sent.find((s) => s.name === 'PutNotificationConfigurationCommand')?.input).toEqual({
      AutoScalingGroupName: 'shop-v005',
      TopicARN: 'arn:aws:sns:us-east-1:123456789012:ops',
      NotificationTypes: ['autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR'],
    });
    expect(sent.find((s) => s.name === 'PutWarmPoolCommand')?.input).toEqual({
      AutoScalingGroupName: 'shop-v005',
      MinSize: 2,
      MaxGroupPreparedCapacity: 4,
      PoolState: 'Hibernated',
      InstanceReusePolicy: { ReuseOnScaleIn: true },
    });
    expect(sent.find((s) => s.name === 'SuspendProcessesCommand')?.input).toEqual({
      AutoScalingGroupName: 'shop-v005',
      ScalingProcesses: ['AZRebalance'],
    });
  });
});
