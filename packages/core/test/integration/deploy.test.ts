import {
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  createAwsClients,
  deploy,
  parseDeployOptions,
  type AwsClients,
  type DeployRawInputs,
} from '../../src';
import {
  fakeRuntime,
  fixtureClients,
  makeAmi,
  readWorld,
  seedNetwork,
  startMoto,
  useMotoEnv,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';

let moto: Moto;
let restoreEnv: () => void;
let aws: AwsClients;
let fixtures: FixtureClients;
let net: SeededNetwork;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  aws = createAwsClients({ maxAttempts: 1 });
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures);
});

afterAll(async () => {
  aws?.destroy();
  fixtures?.destroy();
  restoreEnv?.();
  await moto?.stop();
});

const run = (raw: DeployRawInputs) => deploy({ aws, runtime: fakeRuntime() }, parseDeployOptions(raw));

describe('red/black deploy against moto (library)', () => {
  it('first deploy creates v000 from the base template, serving in the target group', async () => {
    const ami = await makeAmi(fixtures, 'shop-1');
    const result = await run({
      cluster: 'shop',
      amiId: ami,
      launchTemplate: net.baseTemplateName,
      targetGroups: net.targetGroupName,
      subnets: net.subnetIds.join(','),
      minSize: '1',
      maxSize: '4',
      desiredCapacity: '2',
    });
    expect(result.newGroup).toBe('shop-v000');
    expect(result.previousGroup).toBeUndefined();
    const world = await readWorld(fixtures, 'shop', net.targetGroupArn);
    expect(world.groups).toHaveLength(1);
    const [group] = world.groups;
    expect(group).toMatchObject({ name: 'shop-v000', desired: 2, min: 1, max: 4, suspended: [] });
    expect(group?.tags['immutable:ami']).toBe(ami);
    expect(world.healthyTargets.sort()).toEqual([...(group?.instances ?? [])].sort());
    expect(world.templates).toContain('shop-v000');
  });

  it('second deploy copies the group, disables the previous one and keeps it warm', async () => {
    await fixtures.autoScaling.send(
      new PutScalingPolicyCommand({
        AutoScalingGroupName: 'shop-v000',
        PolicyName: 'cpu50',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
          TargetValue: 50,
        },
      }),
    );
    await fixtures.autoScaling.send(
      new PutScheduledUpdateGroupActionCommand({
        AutoScalingGroupName: 'shop-v000',
        ScheduledActionName: 'night',
        Recurrence: '0 22 * * *',
        MinSize: 1,
        MaxSize: 2,
      }),
    );
    const ami = await makeAmi(fixtures, 'shop-2');
    const result = await run({ cluster: 'shop', amiId: ami });
    expect(result).toMatchObject({ newGroup: 'shop-v001', previousGroup: 'shop-v000', deleted: [] });
    const world = await readWorld(fixtures, 'shop', net.targetGroupArn);
    const v000 = world.groups.find((g) => g.name === 'shop-v000');
    const v001 = world.groups.find((g) => g.name === 'shop-v001');
    expect(v001).toMatchObject({ desired: 2, min: 1, max: 4, suspended: [] });
    expect(v001?.tags['immutable:ami']).toBe(ami);
    expect(v000?.suspended).toEqual(['AZRebalance', 'AddToLoadBalancer', 'Launch', 'Terminate']);
    expect(v000?.targetGroups).toEqual([]);
    expect(v000?.instances).toHaveLength(2);
    expect(world.healthyTargets.sort()).toEqual([...(v001?.instances ?? [])].sort());
    // Asgard's copy: the scaling policies and scheduled actions came along.
    const policies = await fixtures.autoScaling.send(
      new DescribePoliciesCommand({ AutoScalingGroupName: 'shop-v001' }),
    );
    expect(
      policies.ScalingPolicies?.map((p) => [p.PolicyName, p.TargetTrackingConfiguration?.TargetValue]),
    ).toEqual([['cpu50', 50]]);
    const scheduled = await fixtures.autoScaling.send(
      new DescribeScheduledActionsCommand({ AutoScalingGroupName: 'shop-v001' }),
    );
    expect(scheduled.ScheduledUpdateGroupActions?.map((a) => [a.ScheduledActionName, a.Recurrence])).toEqual([
      ['night', '0 22 * * *'],
    ]);
  });

  it('third deploy deletes the oldest group beyond max-groups, with its launch template', async () => {
    const ami = await makeAmi(fixtures, 'shop-3');
    const result = await run({ cluster: 'shop', amiId: ami });
    expect(result).toMatchObject({
      newGroup: 'shop-v002',
      previousGroup: 'shop-v001',
      deleted: ['shop-v000'],
    });
    const world = await readWorld(fixtures, 'shop', net.targetGroupArn);
    expect(world.groups.map((g) => g.name).sort()).toEqual(['shop-v001', 'shop-v002']);
    expect(world.templates).not.toContain('shop-v000');
    expect(world.templates).toEqual(expect.arrayContaining(['shop-v001', 'shop-v002']));
    const v002 = world.groups.find((g) => g.name === 'shop-v002');
    expect(world.healthyTargets.sort()).toEqual([...(v002?.instances ?? [])].sort());
  });
});
