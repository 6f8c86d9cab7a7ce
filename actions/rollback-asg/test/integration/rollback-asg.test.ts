import {
  deployInProcess,
  makeAmi,
  readWorld,
  resizeGroup,
  runAction,
  servingGroups,
  snapshotWorld,
  useSeededMoto,
} from '@immutable-actions/test-support';

const { moto, fixtures, net } = useSeededMoto();

const deployAsg = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('deploy-asg', { inputs, env: { ...moto.env, ...env } });
const rollbackAsg = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('rollback-asg', { inputs, env: { ...moto.env, ...env } });

/**
 * Deploys each AMI in turn into a fresh cluster; answers the AMIs. Set-up, not what is tested: the deploys
 * run deploy-asg's library path in this process (deployInProcess); each rollback is a bundle run.
 */
async function cluster(name: string, count: number, extra: Record<string, string> = {}): Promise<string[]> {
  const amis: string[] = [];
  for (let i = 0; i < count; i++) {
    const ami = await makeAmi(fixtures, `${name}-${i}`);
    const first =
      i === 0
        ? {
            'launch-template': net.baseTemplateName,
            'target-groups': net.targetGroupName,
            'desired-capacity': '2',
            'max-size': '4',
          }
        : {};
    await deployInProcess(moto, { cluster: name, 'ami-id': ami, ...first, ...extra });
    amis.push(ami);
  }
  return amis;
}

async function serving(name: string) {
  const world = await readWorld(fixtures, name, net.targetGroupArn);
  const groups = servingGroups(world);
  expect(groups).toHaveLength(1);
  const [group] = groups;
  // Of this cluster's instances (the target group is shared by every cluster here), traffic goes exactly to the serving group's.
  const ours = new Set(world.groups.flatMap((g) => g.instances));
  expect(world.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(
    [...(group?.instances ?? [])].sort(),
  );
  return { group, world };
}

describe('rollback-asg bundle', () => {
  it('without `to`, re-enables the previous group and disables the bad one', async () => {
    const [good, bad] = await cluster('roll-default', 2);
    const result = await rollbackAsg({ cluster: 'roll-default' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      'asg-name': 'roll-default-v000',
      'previous-asg-name': 'roll-default-v001',
    });
    const { group, world } = await serving('roll-default');
    expect(group?.tags['immutable:ami']).toBe(good);
    const disabled = world.groups.find((g) => g.name === 'roll-default-v001');
    expect(disabled?.tags['immutable:ami']).toBe(bad);
    expect(disabled?.suspended).toContain('AddToLoadBalancer');
    expect(disabled?.instances).toHaveLength(2);
    expect(result.summary).toContain('### rollback-asg: roll-default → roll-default-v000');
  });

  it('rolls forward again with `to` as a version, then as an AMI id', async () => {
    const [, second] = await cluster('roll-to', 2);
    expect((await rollbackAsg({ cluster: 'roll-to' })).exitCode).toBe(0);
    const byVersion = await rollbackAsg({ cluster: 'roll-to', to: 'v001' });
    expect(byVersion.exitCode).toBe(0);
    expect(byVersion.outputs['asg-name']).toBe('roll-to-v001');
    expect((await serving('roll-to')).group?.tags['immutable:ami']).toBe(second);
    const byAmi = await rollbackAsg({
      cluster: 'roll-to',
      to:
        (await readWorld(fixtures, 'roll-to')).groups.find((g) => g.name === 'roll-to-v000')?.tags[
          'immutable:ami'
        ] ?? '',
    });
    expect(byAmi.exitCode).toBe(0);
    expect(byAmi.outputs).toEqual({ 'asg-name': 'roll-to-v000', 'previous-asg-name': 'roll-to-v001' });
  });

  it('deploys the AMI anew when its group is gone', async () => {
    const [oldest] = await cluster('roll-gone', 3);
    const before = await readWorld(fixtures, 'roll-gone');
    expect(before.groups.map((g) => g.name).sort()).toEqual(['roll-gone-v001', 'roll-gone-v002']);
    const result = await rollbackAsg({ cluster: 'roll-gone', to: oldest ?? '' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ 'asg-name': 'roll-gone-v003', 'previous-asg-name': 'roll-gone-v002' });
    expect((await serving('roll-gone')).group?.tags['immutable:ami']).toBe(oldest);
    // A rollback deletes nothing.
    expect((await readWorld(fixtures, 'roll-gone')).groups).toHaveLength(3);
  });

  it('grows a scaled-down target back to the serving capacity first', async () => {
    await cluster('roll-zero', 2);
    await resizeGroup(fixtures, 'roll-zero-v000', { min: 0, desired: 0, max: 0 });
    const result = await rollbackAsg({ cluster: 'roll-zero' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Resized roll-zero-v000 to 2 instance(s)');
    const { group } = await serving('roll-zero');
    expect(group).toMatchObject({ name: 'roll-zero-v000', desired: 2, min: 1, max: 4 });
    expect(group?.instances).toHaveLength(2);
  });

  it('dry-run changes nothing', async () => {
    await cluster('roll-dry', 2);
    const before = await snapshotWorld(fixtures);
    const result = await rollbackAsg({ cluster: 'roll-dry', 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Enable roll-dry-v000');
    expect(result.stdout).toContain('Disable roll-dry-v001');
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  describe('fails in one line and changes nothing', () => {
    beforeAll(async () => {
      await cluster('roll-one', 1);
      await cluster('roll-busy', 1);
      // A deploy killed while waiting for health: its group is unfinished and its lock still held.
      const killed = await deployAsg(
        { cluster: 'roll-busy', 'ami-id': await makeAmi(fixtures, 'roll-busy-2') },
        { IMMUTABLE_FAULT_KILL_AT: 'wait-healthy', GITHUB_RUN_ID: '1001' },
      );
      expect(killed.signal).toBe('SIGKILL');
    });

    it.each([
      [
        'an unknown cluster',
        { cluster: 'nosuch' },
        /Invalid cluster "nosuch": expected a cluster with groups/,
      ],
      ['a cluster with no candidate', { cluster: 'roll-one' }, /Cluster roll-one has no rollback candidate/],
      [
        'a cluster in the middle of a deploy',
        { cluster: 'roll-busy' },
        /Cluster roll-busy is in the middle of a deploy \(roll-busy-v001 is waiting\)/,
      ],
      [
        'a target that is not of the cluster',
        { cluster: 'roll-one', to: 'other-v001' },
        /Invalid to "other-v001"/,
      ],
      [
        'a target group that does not exist',
        { cluster: 'roll-one', to: 'v007' },
        /Invalid to "roll-one-v007": expected an existing group/,
      ],
      [
        'the serving group as target',
        { cluster: 'roll-one', to: 'v000' },
        /Invalid to "roll-one-v000": expected a group other than the one serving now/,
      ],
      [
        'an AMI that does not exist',
        { cluster: 'roll-one', to: 'ami-0123456789abcdef0' },
        /Invalid to "ami-0123456789abcdef0": expected an AMI that exists/,
      ],
    ])('%s', async (_name, inputs, message) => {
      const before = await snapshotWorld(fixtures);
      const result = await rollbackAsg(inputs);
      expect(result.exitCode).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(message);
      expect(await snapshotWorld(fixtures)).toEqual(before);
    });
  });
});
