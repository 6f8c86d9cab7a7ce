import {
  AttachLoadBalancerTargetGroupsCommand,
  ResumeProcessesCommand,
  SuspendProcessesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  deregisterAmi,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  snapshotWorld,
  useSeededMoto,
} from '@immutable-actions/test-support';

// Promotion between clusters (Spinnaker's "find image from cluster"), through the bundle against moto:
// production deploys exactly the AMI staging serves, and refuses, in one line and before any change, when
// staging serves none or several.
const { moto, fixtures, net } = useSeededMoto('promo');

const deployAsg = (inputs: Record<string, string>) => runAction('deploy-asg', { inputs, env: moto.env });
const first = () => ({ 'launch-template': net.baseTemplateName, 'target-groups': net.targetGroupName });

async function expectRefusedUnchanged(inputs: Record<string, string>, message: string) {
  const before = await snapshotWorld(fixtures);
  const result = await deployAsg(inputs);
  expect(result.errors).toEqual([message]);
  expect(result.exitCode).toBe(1);
  expect(await snapshotWorld(fixtures)).toEqual(before);
}

let stagingAmis: string[];

beforeAll(async () => {
  stagingAmis = [await makeAmi(fixtures, 'promo-1'), await makeAmi(fixtures, 'promo-2')];
  const staged = await deployAsg({ cluster: 'shop-staging', 'ami-id': stagingAmis[0] ?? '', ...first() });
  expect(staged.exitCode).toBe(0);
}, 120_000);

it('production deploys the AMI staging serves, and says where it came from', async () => {
  const promoted = await deployAsg({ cluster: 'shop-prod', 'ami-from-cluster': 'shop-staging', ...first() });
  expect(promoted.errors).toEqual([]);
  expect(promoted.exitCode).toBe(0);
  expect(promoted.outputs['ami-id']).toBe(stagingAmis[0]);
  expect(promoted.outputs['asg-name']).toBe('shop-prod-v000');
  expect(promoted.stdout).toContain(
    `Promoting ${stagingAmis[0]} from shop-staging, where shop-staging-v000 serves it.`,
  );
  const made = await readWorld(fixtures, 'shop-prod', net.targetGroupArn);
  expect(made.groups.map((g) => g.tags['immutable:promoted-from'])).toEqual(['shop-staging']);
  expect(promoted.summary).toContain(
    `- Provenance: promoted from shop-staging (${stagingAmis[0]}), served there by shop-staging-v000`,
  );

  // Staging moves on; the next promotion follows it, and production's previous group is kept warm.
  const staged = await deployAsg({ cluster: 'shop-staging', 'ami-id': stagingAmis[1] ?? '' });
  expect(staged.exitCode).toBe(0);
  const again = await deployAsg({ cluster: 'shop-prod', 'ami-from-cluster': 'shop-staging' });
  expect(again.errors).toEqual([]);
  expect(again.outputs['ami-id']).toBe(stagingAmis[1]);
  expect(again.outputs['previous-asg-name']).toBe('shop-prod-v000');
  const prod = await readWorld(fixtures, 'shop-prod', net.targetGroupArn);
  expect(servingGroups(prod).map((g) => [g.name, g.tags['immutable:ami']])).toEqual([
    ['shop-prod-v001', stagingAmis[1]],
  ]);
}, 120_000);

describe('refusals, each in one line with nothing changed', () => {
  it('a source cluster with no group in the region', async () => {
    await expectRefusedUnchanged(
      { cluster: 'shop-prod', 'ami-from-cluster': 'shop-nowhere' },
      'Invalid ami-from-cluster "shop-nowhere": expected a cluster serving exactly one AMI in us-east-1 (it has no group there).',
    );
  });

  it('ami-id and ami-from-cluster both given', async () => {
    await expectRefusedUnchanged(
      { cluster: 'shop-prod', 'ami-id': stagingAmis[0] ?? '', 'ami-from-cluster': 'shop-staging' },
      'Invalid ami-from-cluster "shop-staging": expected no ami-from-cluster beside ami-id: give one source of the AMI.',
    );
  });

  it('a source cluster serving two AMIs at once (its previous group re-enabled by hand)', async () => {
    // shop-staging-v000 (the first AMI) back in traffic beside v001 (the second).
    await fixtures.autoScaling.send(
      new ResumeProcessesCommand({ AutoScalingGroupName: 'shop-staging-v000' }),
    );
    await fixtures.autoScaling.send(
      new AttachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: 'shop-staging-v000',
        TargetGroupARNs: [net.targetGroupArn],
      }),
    );
    await expectRefusedUnchanged(
      { cluster: 'shop-prod', 'ami-from-cluster': 'shop-staging' },
      `Invalid ami-from-cluster "shop-staging": expected a cluster serving exactly one AMI in us-east-1 (it serves several: ${stagingAmis[0]}, ${stagingAmis[1]}).`,
    );
  });

  it('a source cluster with every group disabled', async () => {
    const ami = await makeAmi(fixtures, 'promo-quiet');
    expect((await deployAsg({ cluster: 'shop-quiet', 'ami-id': ami, ...first() })).exitCode).toBe(0);
    // Taken out of traffic by hand, as `immutable disable` would.
    await fixtures.autoScaling.send(
      new SuspendProcessesCommand({
        AutoScalingGroupName: 'shop-quiet-v000',
        ScalingProcesses: ['AddToLoadBalancer'],
      }),
    );
    await expectRefusedUnchanged(
      { cluster: 'shop-prod', 'ami-from-cluster': 'shop-quiet' },
      'Invalid ami-from-cluster "shop-quiet": expected a cluster serving exactly one AMI in us-east-1 (no serving group: shop-quiet-v000 disabled or empty).',
    );
  }, 60_000);

  it('an AMI the source serves that is gone from the region (the usual AMI checks apply)', async () => {
    const ami = await makeAmi(fixtures, 'promo-gone');
    expect((await deployAsg({ cluster: 'shop-old', 'ami-id': ami, ...first() })).exitCode).toBe(0);
    await deregisterAmi(fixtures, ami);
    await expectRefusedUnchanged(
      { cluster: 'shop-prod', 'ami-from-cluster': 'shop-old' },
      `Invalid ami-from-cluster "${ami}": expected an AMI that exists in us-east-1.`,
    );
  }, 60_000);
});
