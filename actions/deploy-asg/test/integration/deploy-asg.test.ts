import {
  deregisterAmi,
  makeAmi,
  readWorld,
  runAction,
  snapshotWorld,
  useSeededMoto,
} from '@immutable-actions/test-support';

// The bundle, run as the runner runs it, against moto. Each describe block uses its own cluster.
const { moto, fixtures, net } = useSeededMoto();

const deployAsg = (inputs: Record<string, string>) => runAction('deploy-asg', { inputs, env: moto.env });

describe('deploy-asg bundle: red/black', () => {
  it('first deploy, second deploy, then retention deletes the oldest group', async () => {
    const first = await deployAsg({
      cluster: 'shop-prod',
      'ami-id': await makeAmi(fixtures, 'shop-prod-1'),
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupArn,
      'desired-capacity': '2',
      'max-size': '3',
    });
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({ 'asg-name': 'shop-prod-v000', 'previous-asg-name': '' });
    expect(first.outputs['launch-template-id']).toMatch(/^lt-/);
    expect(first.summary).toContain('### deploy-asg: shop-prod → shop-prod-v000');
    expect(first.stdout).toMatch(/\[\d{4}-\d\d-\d\dT[\d:.]+Z\] Step create-group/);

    const secondAmi = await makeAmi(fixtures, 'shop-prod-2');
    const second = await deployAsg({ cluster: 'shop-prod', 'ami-id': secondAmi });
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({
      'asg-name': 'shop-prod-v001',
      'previous-asg-name': 'shop-prod-v000',
    });
    expect(second.summary).toContain('**Before**');
    // Each group links to its page in the EC2 console.
    expect(second.summary).toMatch(
      /\| \*\*\[shop-prod-v001\]\(https:\/\/us-east-1\.console\.aws\.amazon\.com\/ec2\/home\?region=us-east-1#AutoScalingGroupDetails:id=shop-prod-v001;view=details\)\*\* \| serving \|/,
    );
    expect(second.summary).toMatch(/\| \[shop-prod-v000\]\([^)]+\) \| disabled \|/);

    const third = await deployAsg({ cluster: 'shop-prod', 'ami-id': await makeAmi(fixtures, 'shop-prod-3') });
    expect(third.exitCode).toBe(0);
    expect(third.outputs['asg-name']).toBe('shop-prod-v002');
    const world = await readWorld(fixtures, 'shop-prod', net.targetGroupArn);
    expect(world.groups.map((g) => g.name).sort()).toEqual(['shop-prod-v001', 'shop-prod-v002']);
    expect(world.templates.filter((t) => t.startsWith('shop-prod-v')).sort()).toEqual([
      'shop-prod-v001',
      'shop-prod-v002',
    ]);
    const serving = world.groups.find((g) => g.name === 'shop-prod-v002');
    expect(serving?.desired).toBe(2);
    expect(world.healthyTargets.sort()).toEqual([...(serving?.instances ?? [])].sort());
    const v001 = world.groups.find((g) => g.name === 'shop-prod-v001');
    expect(v001?.tags['immutable:ami']).toBe(secondAmi);
    expect(v001?.targetGroups).toEqual([]);
    expect(v001?.instances).toHaveLength(2);
  });

  it('re-running a finished deploy of the same AMI creates no group and changes nothing', async () => {
    const ami = await makeAmi(fixtures, 'shop-again');
    const first = await deployAsg({
      cluster: 'shop-again',
      'ami-id': ami,
      'launch-template': net.baseTemplateName,
    });
    expect(first.exitCode).toBe(0);
    const before = await snapshotWorld(fixtures);
    const again = await deployAsg({ cluster: 'shop-again', 'ami-id': ami });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['asg-name']).toBe('shop-again-v000');
    expect(again.stdout).toContain('Found shop-again-v000 from an earlier run of this deploy');
    const world = await readWorld(fixtures, 'shop-again');
    expect(world.groups.map((g) => g.name)).toEqual(['shop-again-v000']);
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  it('dry-run prints the plan and changes nothing', async () => {
    const ami = await makeAmi(fixtures, 'shop-dry');
    await deployAsg({ cluster: 'shop-dry', 'ami-id': ami, 'launch-template': net.baseTemplateName });
    const nextAmi = await makeAmi(fixtures, 'shop-dry-2');
    const before = await snapshotWorld(fixtures);
    const dry = await deployAsg({ cluster: 'shop-dry', 'ami-id': nextAmi, 'dry-run': 'true' });
    const after = await snapshotWorld(fixtures);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('Create shop-dry-v001 in cluster shop-dry');
    expect(dry.stdout).toContain('Disable shop-dry-v000');
    expect(dry.stdout).toContain('Dry run: nothing was changed.');
    expect(dry.outputs['asg-name']).toBe('shop-dry-v001');
    expect(dry.summary).toContain('(dry run)');
    expect(after).toEqual(before);
  });
});

describe('deploy-asg bundle: bad input fails in one line and changes nothing', () => {
  let goodAmi: string;
  let deregistered: string;

  beforeAll(async () => {
    const servingAmi = await makeAmi(fixtures, 'shop-bad-serving');
    goodAmi = await makeAmi(fixtures, 'shop-bad-good');
    deregistered = await makeAmi(fixtures, 'shop-bad-gone');
    await deregisterAmi(fixtures, deregistered);
    const seeded = await deployAsg({
      cluster: 'shop-bad',
      'ami-id': servingAmi,
      'launch-template': net.baseTemplateName,
    });
    expect(seeded.exitCode).toBe(0);
  });

  const cases: [string, () => Record<string, string>, RegExp][] = [
    [
      'an unknown AMI',
      () => ({ cluster: 'shop-bad', 'ami-id': 'ami-0123456789abcdef0' }),
      /Invalid ami-id "ami-0123456789abcdef0": expected an AMI that exists/,
    ],
    [
      'a deregistered AMI',
      () => ({ cluster: 'shop-bad', 'ami-id': deregistered }),
      /Invalid ami-id "ami-[0-9a-f]+": expected an? (AMI that exists|available AMI)/,
    ],
    [
      'a malformed AMI id',
      () => ({ cluster: 'shop-bad', 'ami-id': 'my-image' }),
      /Invalid ami-id "my-image"/,
    ],
    [
      'an invalid cluster name',
      () => ({ cluster: 'shop-v001', 'ami-id': goodAmi }),
      /Invalid cluster "shop-v001": expected app\[-stack\[-detail\]\]/,
    ],
    [
      'an unknown launch template',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, 'launch-template': 'nope-template' }),
      /Invalid launch-template "nope-template": no such launch template/,
    ],
    [
      'an unknown target group',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, 'target-groups': 'no-such-tg' }),
      /Invalid target-groups "no-such-tg"/,
    ],
    [
      'an unknown subnet',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, subnets: 'subnet-0badbad0badbad0ba' }),
      /Invalid subnets "subnet-0badbad0badbad0ba"/,
    ],
    [
      'min > max',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, 'min-size': '3', 'max-size': '2' }),
      /Invalid min-size "3": expected at most max-size \(2\)/,
    ],
    [
      'desired outside min..max',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, 'desired-capacity': '9', 'max-size': '4' }),
      /Invalid desired-capacity "9"/,
    ],
    [
      'a first deploy without a base template',
      () => ({ cluster: 'shop-new', 'ami-id': goodAmi }),
      /Invalid launch-template "": expected a base launch template .*cluster shop-new has no group yet/,
    ],
    [
      'an unknown strategy',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, strategy: 'yolo' }),
      /Invalid strategy "yolo": expected one of red-black/,
    ],
    [
      'a bad health-timeout',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, 'health-timeout': '10 minutes' }),
      /Invalid health-timeout "10 minutes"/,
    ],
    [
      'max-groups below 2',
      () => ({ cluster: 'shop-bad', 'ami-id': goodAmi, 'max-groups': '1' }),
      /Invalid max-groups "1": expected a whole number from 2/,
    ],
  ];

  it.each(cases)('%s', async (_name, inputs, message) => {
    const before = await snapshotWorld(fixtures);
    const result = await deployAsg(inputs());
    const after = await snapshotWorld(fixtures);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(message);
    expect(result.errors[0]).not.toContain('\n');
    expect(after).toEqual(before);
  });
});
