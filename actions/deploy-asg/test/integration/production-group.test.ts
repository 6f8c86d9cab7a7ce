import {
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
  DescribeWarmPoolCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteLaunchTemplateCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceHealthCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  createProductionGroup,
  makeAmi,
  runAction,
  useSeededMoto,
  type ProductionGroup,
} from '@immutable-actions/test-support';

// A production-shaped group (spot mix, classic ELB beside a target group, hook, warm pool, step, simple
// and target-tracking policies with alarms, schedules, a user-suspended process, metrics, protection,
// tags) through the bundles: deploy, roll back, deploy again; then a kill between the create and the copy.
const { moto, fixtures, net } = useSeededMoto('prod');

const deployAsg = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('deploy-asg', { inputs, env: { ...moto.env, ...env } });
const rollbackAsg = (inputs: Record<string, string>) => runAction('rollback-asg', { inputs, env: moto.env });

async function raw(name: string): Promise<AutoScalingGroup | undefined> {
  return (
    await fixtures.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))
  ).AutoScalingGroups?.[0];
}

/** Every property the fixture gave its first group, now on `name`, with copies acting on `name`. */
async function expectCarried(name: string, prod: ProductionGroup, source: AutoScalingGroup) {
  const group = await raw(name);
  const template = (
    await fixtures.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }))
  ).LaunchTemplates?.[0];
  expect(group?.LaunchTemplate).toBeUndefined();
  expect(group?.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.LaunchTemplateId).toBe(
    template?.LaunchTemplateId,
  );
  expect(group?.MixedInstancesPolicy?.LaunchTemplate?.Overrides).toEqual(
    source.MixedInstancesPolicy?.LaunchTemplate?.Overrides,
  );
  expect(group?.MixedInstancesPolicy?.InstancesDistribution).toEqual(
    source.MixedInstancesPolicy?.InstancesDistribution,
  );
  expect(group).toMatchObject({
    MinSize: 2,
    MaxSize: 6,
    DesiredCapacity: 2,
    HealthCheckType: 'ELB',
    HealthCheckGracePeriod: 120,
    DefaultCooldown: 240,
    LoadBalancerNames: [prod.classicElb],
    TargetGroupARNs: [net.targetGroupArn],
    PlacementGroup: prod.placementGroup,
    CapacityRebalance: true,
    NewInstancesProtectedFromScaleIn: true,
  });
  expect(group?.Instances).toHaveLength(2);
  expect(group?.Instances?.every((i) => i.ProtectedFromScaleIn)).toBe(true);
  expect(group?.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual(prod.userSuspended);
  expect(group?.EnabledMetrics?.map((m) => `${m.Metric}@${m.Granularity}`).sort()).toEqual(
    prod.metrics.map((m) => `${m}@1Minute`),
  );
  const tags = Object.fromEntries((group?.Tags ?? []).map((t) => [t.Key, t.Value]));
  expect(tags).toMatchObject(prod.userTags);

  // Serving in the classic ELB beside the target group.
  const elb =
    (await fixtures.elb.send(new DescribeInstanceHealthCommand({ LoadBalancerName: prod.classicElb })))
      .InstanceStates ?? [];
  const inService = new Set(elb.filter((s) => s.State === 'InService').map((s) => s.InstanceId));
  expect(group?.Instances?.every((i) => inService.has(i.InstanceId))).toBe(true);

  const pool = await fixtures.autoScaling.send(new DescribeWarmPoolCommand({ AutoScalingGroupName: name }));
  expect(pool.WarmPoolConfiguration).toMatchObject({ MinSize: 1, MaxGroupPreparedCapacity: 3 });
  const hooks =
    (await fixtures.autoScaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: name })))
      .LifecycleHooks ?? [];
  expect(hooks.map((h) => [h.LifecycleHookName, h.HeartbeatTimeout, h.DefaultResult])).toEqual([
    [prod.hookName, 300, 'CONTINUE'],
  ]);

  const policies =
    (await fixtures.autoScaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: name })))
      .ScalingPolicies ?? [];
  const byName = Object.fromEntries(policies.map((p) => [p.PolicyName, p]));
  expect(Object.keys(byName).sort()).toEqual(
    [`${name}-latency`, `${name}-simple-in`, `${name}-step-out`].sort(),
  );
  expect(
    byName[`${name}-latency`]?.TargetTrackingConfiguration?.CustomizedMetricSpecification?.Dimensions,
  ).toContainEqual({ Name: 'AutoScalingGroupName', Value: name });
  // The alarms act on this group's policies and watch this group.
  const alarms = (await fixtures.cloudWatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? [];
  for (const policy of [byName[`${name}-step-out`], byName[`${name}-simple-in`]]) {
    const acting = alarms.filter((a) => a.AlarmActions?.includes(policy?.PolicyARN ?? '-'));
    expect(acting).toHaveLength(1);
    expect(acting[0]?.Dimensions).toEqual([{ Name: 'AutoScalingGroupName', Value: name }]);
  }
  const scheduled =
    (await fixtures.autoScaling.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: name })))
      .ScheduledUpdateGroupActions ?? [];
  const renamed = (n: string) => n.replace(prod.group, name);
  expect(scheduled.map((a) => a.ScheduledActionName).sort()).toEqual(
    [renamed(prod.scheduled.future), renamed(prod.scheduled.recurring)].sort(),
  );
}

describe('a production-shaped group survives deploy, rollback and deploy again (bundles)', () => {
  it('every property on each new group, alarms on the new policies, the user suspension kept', async () => {
    const prod = await createProductionGroup(fixtures, net, { cluster: 'prod', amiId: net.baseAmi });
    const source = await raw(prod.group);
    if (!source) throw new Error('fixture missing');

    const dry = await deployAsg({
      cluster: 'prod',
      'ami-id': await makeAmi(fixtures, 'prod-dry'),
      'dry-run': 'true',
    });
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('carried over from prod-v000:');
    expect(dry.stdout).toContain('classic load balancers: prod-classic');
    expect(dry.stdout).toContain(`not copied (already past): ${prod.scheduled.past}`);
    expect(dry.summary).toContain('- Carried over from prod-v000 (would be):');
    expect(dry.summary).toMatch(/ {2}- mixed instances: t3\.micro, t3a\.micro/);

    const first = await deployAsg({ cluster: 'prod', 'ami-id': await makeAmi(fixtures, 'prod-2') });
    expect(first.exitCode).toBe(0);
    expect(first.outputs['asg-name']).toBe('prod-v001');
    expect(first.summary).toContain('- Carried over from prod-v000:');
    await expectCarried('prod-v001', prod, source);
    const v000 = await raw('prod-v000');
    expect(v000?.LoadBalancerNames).toEqual([]);
    expect(v000?.Tags?.find((t) => t.Key === 'immutable:load-balancer:0')?.Value).toBe(prod.classicElb);

    const back = await rollbackAsg({ cluster: 'prod' });
    expect(back.exitCode).toBe(0);
    expect(back.outputs['asg-name']).toBe('prod-v000');
    const restored = await raw('prod-v000');
    expect(restored?.LoadBalancerNames).toEqual([prod.classicElb]);
    // Enable resumed the deploy's own suspensions only.
    expect(restored?.SuspendedProcesses?.map((p) => p.ProcessName)).toEqual(prod.userSuspended);
    expect((await raw('prod-v001'))?.LoadBalancerNames).toEqual([]);

    const again = await deployAsg({ cluster: 'prod', 'ami-id': await makeAmi(fixtures, 'prod-3') });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ 'asg-name': 'prod-v002', 'previous-asg-name': 'prod-v000' });
    await expectCarried('prod-v002', prod, source);
    // v001 was deleted (max-groups 2), and the alarms copied for it with it; v000 keeps its own.
    expect(await raw('prod-v001')).toBeUndefined();
    const names = ((await fixtures.cloudWatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).map(
      (a) => a.AlarmName,
    );
    expect(names.filter((n) => n?.includes('prod-v001'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining([prod.alarms.stepOut, prod.alarms.simpleIn]));
  });

  it('an instance type the mixed-instances overrides would ignore is refused before any change', async () => {
    await createProductionGroup(fixtures, net, { cluster: 'prodmix', amiId: net.baseAmi });
    const ami = await makeAmi(fixtures, 'prodmix-2');
    const refused = await deployAsg({ cluster: 'prodmix', 'ami-id': ami, 'instance-type': 'm5.large' });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('Invalid instance-type "m5.large"');
    expect(await raw('prodmix-v001')).toBeUndefined();
  });
});

describe('killed between CreateAutoScalingGroup and the copies (bundles)', () => {
  it('the re-run of the same run finishes the copies: the serving group has them all', async () => {
    const prod = await createProductionGroup(fixtures, net, { cluster: 'prodkill', amiId: net.baseAmi });
    const source = await raw(prod.group);
    if (!source) throw new Error('fixture missing');
    const ami = await makeAmi(fixtures, 'prodkill-2');
    const killed = await deployAsg(
      { cluster: 'prodkill', 'ami-id': ami },
      { GITHUB_RUN_ID: '888', GITHUB_RUN_ATTEMPT: '1', IMMUTABLE_FAULT_KILL_AT: 'copy-to-group' },
    );
    expect(killed.signal).toBe('SIGKILL');
    const half = await raw('prodkill-v001');
    expect(half?.MixedInstancesPolicy).toBeDefined();
    const halfPolicies =
      (
        await fixtures.autoScaling.send(
          new DescribePoliciesCommand({ AutoScalingGroupName: 'prodkill-v001' }),
        )
      ).ScalingPolicies ?? [];
    expect(halfPolicies).toEqual([]);

    const again = await deployAsg(
      { cluster: 'prodkill', 'ami-id': ami },
      { GITHUB_RUN_ID: '888', GITHUB_RUN_ATTEMPT: '2' },
    );
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Found prodkill-v001 from an earlier run of this deploy');
    await expectCarried('prodkill-v001', prod, source);
  });

  it('another run does not resume it: it is reported, a new group is made, and the half-done one removed', async () => {
    const prod = await createProductionGroup(fixtures, net, { cluster: 'prodother', amiId: net.baseAmi });
    const source = await raw(prod.group);
    if (!source) throw new Error('fixture missing');
    const ami = await makeAmi(fixtures, 'prodother-2');
    const killed = await deployAsg(
      { cluster: 'prodother', 'ami-id': ami },
      { GITHUB_RUN_ID: '901', IMMUTABLE_FAULT_KILL_AT: 'copy-to-group' },
    );
    expect(killed.signal).toBe('SIGKILL');
    // The killed run's lock outlives it until it expires and is broken (moto appends a tag rather than
    // replacing it, so it cannot be aged here): its owner's lock gone is what is under test.
    const lock = (
      await fixtures.ec2.send(
        new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['immutable-lock/prodother'] }),
      )
    ).LaunchTemplates?.[0];
    await fixtures.ec2.send(
      new DeleteLaunchTemplateCommand({ LaunchTemplateId: lock?.LaunchTemplateId ?? '-' }),
    );
    const other = await deployAsg({ cluster: 'prodother', 'ami-id': ami }, { GITHUB_RUN_ID: '902' });
    expect(other.exitCode).toBe(0);
    expect(other.stdout).toMatch(/Found prodother-v001 half-done by another deploy/);
    expect(other.outputs['asg-name']).toBe('prodother-v002');
    await expectCarried('prodother-v002', prod, source);
    expect(await raw('prodother-v001')).toBeUndefined();
  });
});
