import { DescribeAlarmsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
  DescribeWarmPoolCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceHealthCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  applyGroupCopies,
  checkGroupHealth,
  createAwsClients,
  deleteGroup,
  describeGroups,
  disableGroup,
  enableGroup,
  nextGroupInput,
  readGroupCopies,
  readGroupSpec,
  type AwsClients,
} from '../../src';
import {
  createProductionGroup,
  fakeRuntime,
  makeAmi,
  useMotoEnv,
  useSeededMoto,
  type ProductionGroup,
} from '@immutable-actions/test-support';

// The cluster layer alone against moto: from a production-shaped group, the next one is created with
// everything moto can hold, the copies act on the new group, and the old group keeps what it had.
const { moto, fixtures, net } = useSeededMoto('prod');
let aws: AwsClients;
let restoreEnv: () => void;
let prod: ProductionGroup;
const runtime = fakeRuntime({ start: Date.now() });

beforeAll(async () => {
  restoreEnv = useMotoEnv(moto);
  aws = createAwsClients({ maxAttempts: 1 });
  prod = await createProductionGroup(fixtures, net, {
    cluster: 'prod',
    amiId: net.baseAmi,
    now: runtime.clock.now(),
  });
});

afterAll(() => {
  aws?.destroy();
  restoreEnv?.();
});

const raw = async (name: string) =>
  (await fixtures.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
    .AutoScalingGroups?.[0];

async function alarmsActingOn(arn: string) {
  const all = (await fixtures.cloudWatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
  return all.filter((a) => a.AlarmActions?.includes(arn));
}

describe('carrying a production-shaped group over to the next (moto)', () => {
  it('creates v001 with every property of v000, copies acting on v001, and v000 untouched', async () => {
    const source = await raw(prod.group);
    if (!source) throw new Error('fixture group missing');
    const spec = readGroupSpec(source);
    const copies = await readGroupCopies(aws, prod.group, runtime.clock.now());
    expect(copies.pastScheduledActions).toEqual([prod.scheduled.past]);

    const ami = await makeAmi(fixtures, 'prod-2');
    const template = await fixtures.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'prod-v001',
        LaunchTemplateData: { ImageId: ami, InstanceType: 't3.micro' },
      }),
    );
    const templateId = template.LaunchTemplate?.LaunchTemplateId ?? '';
    await aws.autoScaling.createAutoScalingGroup(
      nextGroupInput(spec, {
        name: 'prod-v001',
        launchTemplateId: templateId,
        capacity: { min: 2, max: 6, desired: 2 },
        subnets: net.subnetIds,
        healthCheckType: 'ELB',
        healthCheckGracePeriod: 120,
        terminationPolicies: ['OldestLaunchTemplate', 'Default'],
        defaultCooldown: 240,
        targetGroupArns: [net.targetGroupArn],
        tags: Object.entries(prod.userTags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
        lifecycleHooks: copies.lifecycleHooks,
      }),
    );
    const report = await applyGroupCopies(aws, runtime, 'prod-v001', spec, copies);
    expect(report).toMatchObject({
      lifecycleHooks: 1,
      policies: 3,
      alarms: 2,
      scheduledActions: 2,
      warmPool: true,
      metrics: 2,
      suspended: ['AZRebalance'],
    });

    const next = await raw('prod-v001');
    expect(next?.LaunchTemplate).toBeUndefined();
    expect(next?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification).toMatchObject({
      LaunchTemplateId: templateId,
    });
    expect(next?.MixedInstancesPolicy?.LaunchTemplate?.Overrides).toEqual(
      source.MixedInstancesPolicy?.LaunchTemplate?.Overrides,
    );
    expect(next?.MixedInstancesPolicy?.InstancesDistribution).toEqual(
      source.MixedInstancesPolicy?.InstancesDistribution,
    );
    expect(next?.LoadBalancerNames).toEqual([prod.classicElb]);
    expect(next?.TargetGroupARNs).toEqual([net.targetGroupArn]);
    expect(next?.PlacementGroup).toBe(prod.placementGroup);
    expect(next?.CapacityRebalance).toBe(true);
    expect(next?.NewInstancesProtectedFromScaleIn).toBe(true);
    expect(next?.Instances?.every((i) => i.ProtectedFromScaleIn)).toBe(true);
    expect(next?.EnabledMetrics?.map((m) => `${m.Metric}@${m.Granularity}`).sort()).toEqual(
      prod.metrics.map((m) => `${m}@1Minute`),
    );
    expect(next?.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual(['AZRebalance']);
    expect(next?.Tags?.filter((t) => t.Key === 'team')).toEqual([
      expect.objectContaining({ Value: 'payments', PropagateAtLaunch: true }),
    ]);

    const pool = await fixtures.autoScaling.send(
      new DescribeWarmPoolCommand({ AutoScalingGroupName: 'prod-v001' }),
    );
    expect(pool.WarmPoolConfiguration).toMatchObject({
      MinSize: 1,
      MaxGroupPreparedCapacity: 3,
      PoolState: 'Stopped',
    });
    const hooks = await fixtures.autoScaling.send(
      new DescribeLifecycleHooksCommand({ AutoScalingGroupName: 'prod-v001' }),
    );
    expect(hooks.LifecycleHooks).toEqual([
      expect.objectContaining({
        LifecycleHookName: prod.hookName,
        LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
        HeartbeatTimeout: 300,
        DefaultResult: 'CONTINUE',
      }),
    ]);

    const policies =
      (await fixtures.autoScaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: 'prod-v001' })))
        .ScalingPolicies ?? [];
    const byName = Object.fromEntries(policies.map((p) => [p.PolicyName, p]));
    const stepOut = byName['prod-v001-step-out'];
    const simpleIn = byName['prod-v001-simple-in'];
    const tracking = byName['prod-v001-latency'];
    expect(stepOut).toMatchObject({ PolicyType: 'StepScaling', EstimatedInstanceWarmup: 90 });
    expect(stepOut?.StepAdjustments).toHaveLength(2);
    expect(simpleIn).toMatchObject({ ScalingAdjustment: -1, Cooldown: 300 });
    expect(tracking?.TargetTrackingConfiguration?.CustomizedMetricSpecification?.Dimensions).toEqual([
      { Name: 'AutoScalingGroupName', Value: 'prod-v001' },
      { Name: 'Service', Value: 'checkout' },
    ]);

    // The alarms act on the new policies, and watch the new group.
    const [high] = await alarmsActingOn(stepOut?.PolicyARN ?? '-');
    expect(high).toMatchObject({
      AlarmName: 'prod-v001-cpu-high',
      Threshold: 70,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      Dimensions: [{ Name: 'AutoScalingGroupName', Value: 'prod-v001' }],
    });
    const highTags = await fixtures.cloudWatch.send(
      new ListTagsForResourceCommand({ ResourceARN: high?.AlarmArn }),
    );
    expect(highTags.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'payments' },
        { Key: 'immutable:alarm-for', Value: 'prod-v001' },
      ]),
    );
    const [low] = await alarmsActingOn(simpleIn?.PolicyARN ?? '-');
    expect(low?.AlarmName).toBe('payments-cpu-low-prod-v001');

    const scheduled =
      (
        await fixtures.autoScaling.send(
          new DescribeScheduledActionsCommand({ AutoScalingGroupName: 'prod-v001' }),
        )
      ).ScheduledUpdateGroupActions ?? [];
    expect(scheduled.map((a) => a.ScheduledActionName).sort()).toEqual([
      'prod-v001-black-friday',
      'prod-v001-nightly-shrink',
    ]);
    expect(scheduled.find((a) => a.ScheduledActionName === 'prod-v001-nightly-shrink')).toMatchObject({
      Recurrence: '0 2 * * *',
      TimeZone: 'Europe/Paris',
    });

    // The previous group still has its own policies and alarms.
    expect((await alarmsActingOn(prod.policies.stepOut)).map((a) => a.AlarmName)).toEqual([
      prod.alarms.stepOut,
    ]);
    expect((await raw(prod.group))?.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual(['AZRebalance']);

    // Healthy means InService in the classic ELB too.
    const health = await checkGroupHealth(aws, 'prod-v001', [net.targetGroupArn]);
    expect(health.state).toBe('success');
  });

  it('disable takes v000 out of its classic ELB, recorded; enable puts it back, leaving the user suspension', async () => {
    const [group] = await describeGroups(aws.autoScaling, [prod.group]);
    if (!group) throw new Error('no group');
    expect(group.userSuspendedProcesses).toEqual(['AZRebalance']);
    await disableGroup(aws, runtime, group);
    const [disabled] = await describeGroups(aws.autoScaling, [prod.group]);
    expect(disabled?.loadBalancerNames).toEqual([]);
    expect(disabled?.servedLoadBalancerNames).toEqual([prod.classicElb]);
    expect(disabled?.tags['immutable:load-balancer:0']).toBe(prod.classicElb);
    expect(disabled?.tags['immutable:deploy-suspended']).toBe('Launch,Terminate,AddToLoadBalancer');
    expect(disabled?.enabled).toBe(false);
    expect(disabled?.userSuspendedProcesses).toEqual(['AZRebalance']);
    const states =
      (await fixtures.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: prod.classicElb })))
        .InstanceStates ?? [];
    const oldIds = new Set(group.instances.map((i) => i.id));
    expect(states.filter((s) => s.InstanceId && oldIds.has(s.InstanceId))).toEqual([]);

    if (!disabled) throw new Error('no group');
    await enableGroup(aws, runtime, disabled);
    const [enabled] = await describeGroups(aws.autoScaling, [prod.group]);
    expect(enabled?.loadBalancerNames).toEqual([prod.classicElb]);
    expect(enabled?.suspendedProcesses).toEqual(['AZRebalance']);
    expect(enabled?.enabled).toBe(true);
    expect(enabled?.tags['immutable:deploy-suspended']).toBeUndefined();
  });

  it('deleting v001 deletes the alarms copied for it, and only those', async () => {
    const [next] = await describeGroups(aws.autoScaling, ['prod-v001']);
    if (!next) throw new Error('no group');
    await deleteGroup(aws, runtime, next);
    const names = ((await fixtures.cloudWatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).map(
      (a) => a.AlarmName,
    );
    expect(names).not.toContain('prod-v001-cpu-high');
    expect(names).not.toContain('payments-cpu-low-prod-v001');
    expect(names).toEqual(expect.arrayContaining([prod.alarms.stepOut, prod.alarms.simpleIn]));
    expect(await raw('prod-v001')).toBeUndefined();
  });
});
