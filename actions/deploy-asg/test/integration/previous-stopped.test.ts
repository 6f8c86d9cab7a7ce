import { DescribeWarmPoolCommand, PutWarmPoolCommand } from '@aws-sdk/client-auto-scaling';
import {
  expireGroups,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  snapshotWorld,
  useSeededMoto,
} from '@immutable-actions/test-support';

// previous-group: stopped, through the bundles against moto: moto stores a warm pool but keeps no instance
// in it (a scale-in terminates), so these tests check what the deploy and rollback ask of AWS (the pool,
// the records on tags, the capacity) and what serves; the realistic layer plays the pool's instances.
const { moto, fixtures, net } = useSeededMoto();

const deployAsg = (inputs: Record<string, string>) => runAction('deploy-asg', { inputs, env: moto.env });
const rollbackAsg = (cluster: string) => runAction('rollback-asg', { inputs: { cluster }, env: moto.env });

async function firstGroup(cluster: string, desired: number): Promise<string> {
  const ami = await makeAmi(fixtures, `${cluster}-0`);
  const result = await deployAsg({
    cluster,
    'ami-id': ami,
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
    'desired-capacity': String(desired),
    'min-size': '1',
    'max-size': String(desired + 2),
  });
  expect(result.exitCode).toBe(0);
  return ami;
}

async function world(cluster: string) {
  const w = await readWorld(fixtures, cluster, net.targetGroupArn);
  const ours = new Set(w.groups.flatMap((g) => g.instances));
  return { ...w, trafficTo: w.healthyTargets.filter((id) => ours.has(id)).sort() };
}

const warmPool = async (group: string) =>
  (await fixtures.autoScaling.send(new DescribeWarmPoolCommand({ AutoScalingGroupName: group })))
    .WarmPoolConfiguration;

describe('deploy-asg previous-group: stopped', () => {
  it('stops the previous group in a warm pool of its own, and a rollback grows it back out of it', async () => {
    const first = await firstGroup('stop', 3);
    const result = await deployAsg({
      cluster: 'stop',
      'ami-id': await makeAmi(fixtures, 'stop-1'),
      'previous-group': 'stopped',
    });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain(
      '- Previous group: stop-v000 (disabled, stopped in a warm pool for rollback)',
    );
    expect(result.summary).toContain(
      '- Stopped in a warm pool for rollback: stop-v000, 3 instance(s) stopped (capacity recorded',
    );
    // The cost of each choice, this deploy's marked; t3.micro is in the table.
    expect(result.summary).toMatch(
      /What stop-v000 costs per day while it waits for a rollback \(estimate, us-east-1 list price; 3 × t3\.micro, /,
    );
    expect(result.summary).toMatch(/ {2}- keep-warm: \$\d+\.\d\d \(instances running/);
    expect(result.summary).toMatch(/ {2}- stopped: (\$\d+\.\d\d|unknown price .*) \(EBS only.*← this deploy/);
    expect(result.summary).toContain(
      '  - scale-to-zero: $0.00 (a rollback boots and provisions fresh instances',
    );
    expect(result.summary).not.toContain('Kept warm for an instant rollback');

    let w = await world('stop');
    const stopped = w.groups.find((g) => g.name === 'stop-v000');
    expect(stopped).toMatchObject({ min: 0, desired: 0, max: 5 });
    expect(stopped?.instances).toHaveLength(0);
    expect(stopped?.tags['immutable:capacity']).toBe('1/3/5');
    expect(stopped?.tags['immutable:warm-pool']).toBe('none');
    expect(await warmPool('stop-v000')).toMatchObject({
      PoolState: 'Stopped',
      MinSize: 0,
      MaxGroupPreparedCapacity: 3,
      InstanceReusePolicy: { ReuseOnScaleIn: true },
    });
    expect(servingGroups(w).map((g) => g.name)).toEqual(['stop-v001']);

    const back = await rollbackAsg('stop');
    expect(back.exitCode).toBe(0);
    expect(back.stdout).toContain(
      'Start stop-v000 again: grow it back to 3 instance(s) out of the warm pool its instances wait in, stopped',
    );
    expect(back.summary).toContain('stop-v000 waited stopped in a warm pool: grown back to 3 instance(s)');
    w = await world('stop');
    const restored = servingGroups(w);
    expect(restored.map((g) => g.name)).toEqual(['stop-v000']);
    expect(restored[0]).toMatchObject({ min: 1, desired: 3, max: 5 });
    expect(restored[0]?.tags['immutable:ami']).toBe(first);
    expect(restored[0]?.tags['immutable:capacity']).toBeUndefined();
    expect(restored[0]?.tags['immutable:warm-pool']).toBeUndefined();
    expect(restored[0]?.instances).toHaveLength(3);
    expect(w.trafficTo).toEqual([...(restored[0]?.instances ?? [])].sort());
    // The temporary pool is gone: the next deploy copies no warm pool the user never had.
    expect(await warmPool('stop-v000')).toBeUndefined();
  });

  it("records the user's own warm pool, and the rollback puts it back as it was", async () => {
    await firstGroup('ownpool', 2);
    await fixtures.autoScaling.send(
      new PutWarmPoolCommand({
        AutoScalingGroupName: 'ownpool-v000',
        MinSize: 1,
        MaxGroupPreparedCapacity: 4,
        PoolState: 'Running',
        InstanceReusePolicy: { ReuseOnScaleIn: false },
      }),
    );
    const result = await deployAsg({
      cluster: 'ownpool',
      'ami-id': await makeAmi(fixtures, 'ownpool-1'),
      'previous-group': 'stopped',
    });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('and puts its own warm pool back');
    // The new group carries the user's pool over (the fidelity copy), not ours.
    expect(await warmPool('ownpool-v001')).toMatchObject({ PoolState: 'Running', MinSize: 1 });
    expect(await warmPool('ownpool-v000')).toMatchObject({
      PoolState: 'Stopped',
      InstanceReusePolicy: { ReuseOnScaleIn: true },
    });
    const recorded = (await world('ownpool')).groups.find((g) => g.name === 'ownpool-v000')?.tags[
      'immutable:warm-pool'
    ];
    expect(JSON.parse(recorded ?? '{}')).toEqual({
      MinSize: 1,
      MaxGroupPreparedCapacity: 4,
      PoolState: 'Running',
      ReuseOnScaleIn: false,
    });

    expect((await rollbackAsg('ownpool')).exitCode).toBe(0);
    const w = await world('ownpool');
    expect(servingGroups(w).map((g) => g.name)).toEqual(['ownpool-v000']);
    expect(servingGroups(w)[0]).toMatchObject({ desired: 2 });
    expect(await warmPool('ownpool-v000')).toMatchObject({
      PoolState: 'Running',
      MinSize: 1,
      MaxGroupPreparedCapacity: 4,
      InstanceReusePolicy: { ReuseOnScaleIn: false },
    });
    expect(servingGroups(w)[0]?.tags['immutable:warm-pool']).toBeUndefined();
  });

  it('max-groups deletes a stopped group, warm pool and all; an expired one has its stopped instances terminated', async () => {
    await firstGroup('stopgc', 2);
    const next = (i: number, extra: Record<string, string> = {}) =>
      makeAmi(fixtures, `stopgc-${i}`).then((ami) =>
        deployAsg({ cluster: 'stopgc', 'ami-id': ami, 'previous-group': 'stopped', ...extra }),
      );
    expect((await next(1, { 'max-groups': '3' })).exitCode).toBe(0);
    expect((await next(2, { 'max-groups': '3' })).exitCode).toBe(0);
    expect(await warmPool('stopgc-v000')).toMatchObject({ PoolState: 'Stopped' });
    expect(await warmPool('stopgc-v001')).toMatchObject({ PoolState: 'Stopped' });

    // v000 expired (not the newest disabled): the next deploy's retire terminates its stopped instances.
    await expireGroups(fixtures, ['stopgc-v000']);
    const retired = await next(3, { 'max-groups': '4' });
    expect(retired.exitCode).toBe(0);
    expect(retired.stdout).toContain(
      "Terminated stopgc-v000's stopped instances with its warm pool (expired)",
    );
    expect(await warmPool('stopgc-v000')).toBeUndefined();
    // Its capacity stays recorded: a rollback to it still grows it back (cold).
    expect(
      (await world('stopgc')).groups.find((g) => g.name === 'stopgc-v000')?.tags['immutable:capacity'],
    ).toBe('1/2/4');

    // max-groups 2: the stopped groups beyond it are deleted, their pools with them (ForceDelete).
    const trimmed = await next(4, { 'max-groups': '2' });
    expect(trimmed.exitCode).toBe(0);
    const w = await world('stopgc');
    expect(w.groups.map((g) => g.name)).toEqual(['stopgc-v003', 'stopgc-v004']);
    expect(w.templates.filter((t) => t.startsWith('stopgc-v')).sort()).toEqual([
      'stopgc-v003',
      'stopgc-v004',
    ]);
    expect(servingGroups(w).map((g) => g.name)).toEqual(['stopgc-v004']);
    expect(await warmPool('stopgc-v003')).toMatchObject({ PoolState: 'Stopped' });
  });

  it('a dry run shows the cost of each choice and changes nothing', async () => {
    await firstGroup('stopdry', 2);
    const ami = await makeAmi(fixtures, 'stopdry-1');
    const before = await snapshotWorld(fixtures);
    const result = await deployAsg({
      cluster: 'stopdry',
      'ami-id': ami,
      'previous-group': 'stopped',
      'dry-run': 'true',
    });
    expect(result.exitCode).toBe(0);
    // moto's AMI maps one 15 GB standard volume: 2 × (0.0104 × 24) + 2 × 15 × 0.05 / 30.
    expect(result.stdout).toContain(
      'What stopdry-v000 costs per day while it waits for a rollback (estimate, us-east-1 list price; 2 × t3.micro, 15 GB standard each):',
    );
    expect(result.stdout).toContain('keep-warm: $0.55 (instances running, rollback in seconds)');
    expect(result.stdout).toContain(
      'stopped: $0.05 (EBS only; a rollback starts the stopped instances, about a minute) ← this deploy',
    );
    expect(result.stdout).toContain('What stopdry-v000 costs per day while it waits for a rollback');
    expect(result.summary).toMatch(/```[\s\S]*stopped: .*← this deploy[\s\S]*```/);
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  it('refuses an unknown previous-group in one line, changing nothing', async () => {
    await firstGroup('stopbad', 1);
    const ami = await makeAmi(fixtures, 'stopbad-1');
    const before = await snapshotWorld(fixtures);
    const result = await deployAsg({ cluster: 'stopbad', 'ami-id': ami, 'previous-group': 'bogus' });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'Invalid previous-group "bogus": expected one of keep-warm, stopped, scale-to-zero.',
    ]);
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });
});
