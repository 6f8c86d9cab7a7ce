import { DescribeAutoScalingGroupsCommand, DescribeWarmPoolCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  fixtureClients,
  makeAmi,
  runAction,
  startHealthyFloorSampler,
  startRealisticAws,
  useSeededMoto,
  type FixtureClients,
  type RealisticAws,
} from '@immutable-actions/test-support';

// previous-group: stopped on realistic AWS: moto keeps no instance in a warm pool (a scale-in terminates),
// so the layer plays the pool: the disabled group's instances go into it stopped on scale-in
// (ReuseOnScaleIn), and a rollback that grows the group takes them out, Pending only warmStartMs where a
// fresh launch boots for bootMs. Traffic never drops below what served when the rollback started.
const { moto, fixtures, net } = useSeededMoto('realstop');
const BOOT_MS = 2500;
const WARM_START_MS = 200;
let layer: RealisticAws;
let viaLayer: FixtureClients;

beforeAll(async () => {
  layer = await startRealisticAws({
    moto,
    bootMs: 0,
    healthMs: 0,
    warmStartMs: WARM_START_MS,
    deregistrationDelayMs: 300,
  });
  viaLayer = fixtureClients({ ...moto, endpoint: layer.endpoint });
});
afterAll(async () => {
  viaLayer.destroy();
  await layer.stop();
});

const run = (name: 'deploy-asg' | 'rollback-asg', inputs: Record<string, string>) =>
  runAction(name, { inputs, env: { ...layer.env, GITHUB_RUN_ID: '6161' } });

const warmPool = async (group: string) =>
  viaLayer.autoScaling.send(new DescribeWarmPoolCommand({ AutoScalingGroupName: group }));

describe('previous-group: stopped on realistic AWS', () => {
  it('the previous group waits stopped in its pool; a rollback starts it from there, faster than a boot, traffic never dropping', async () => {
    const first = await run('deploy-asg', {
      cluster: 'rstop',
      'ami-id': await makeAmi(fixtures, 'rstop-1'),
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
      'desired-capacity': '2',
      'max-size': '3',
    });
    expect(first.errors).toEqual([]);
    await layer.settle();
    const pooled =
      (
        await viaLayer.autoScaling.send(
          new DescribeAutoScalingGroupsCommand({
            AutoScalingGroupNames: ['rstop-v000'],
          }),
        )
      ).AutoScalingGroups?.[0]?.Instances?.map((i) => i.InstanceId ?? '').sort() ?? [];
    expect(pooled).toHaveLength(2);

    const deployed = await run('deploy-asg', {
      cluster: 'rstop',
      'ami-id': await makeAmi(fixtures, 'rstop-2'),
      'previous-group': 'stopped',
    });
    expect(deployed.errors).toEqual([]);
    // The layer shows the pool AWS would: v000's own instances, stopped, not terminated.
    const pool = await warmPool('rstop-v000');
    expect(pool.WarmPoolConfiguration).toMatchObject({
      PoolState: 'Stopped',
      InstanceReusePolicy: { ReuseOnScaleIn: true },
    });
    expect(pool.Instances?.map((i) => [i.InstanceId, i.LifecycleState]).sort()).toEqual(
      pooled.map((id) => [id, 'Warmed:Stopped']),
    );
    const states = (
      await viaLayer.ec2.send(new DescribeInstancesCommand({ InstanceIds: pooled }))
    ).Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
    expect(states).toEqual(['stopped', 'stopped']);
    expect(
      layer
        .timeline()
        .filter((e) => e.kind === 'instance-warmed')
        .map((e) => e.subject)
        .sort(),
    ).toEqual(pooled);

    await layer.settle();
    // From here a fresh launch would boot for BOOT_MS; the pool's instances only start.
    layer.configure({ bootMs: BOOT_MS, healthMs: 300 });
    const sampler = await startHealthyFloorSampler({ endpoint: layer.endpoint, cluster: 'rstop' });
    const since = layer.timeline().length;
    const back = await run('rollback-asg', { cluster: 'rstop' });
    const report = await sampler.stop();
    expect(back.errors).toEqual([]);
    expect(back.outputs).toEqual({ 'asg-name': 'rstop-v000', 'previous-asg-name': 'rstop-v001' });
    expect(report.samples.length).toBeGreaterThan(3);
    expect(report.start).toBe(2);
    expect(report.min).toBeGreaterThanOrEqual(report.start);
    expect(report.samples.at(-1)?.healthy).toBe(2);

    const events = layer.timeline().slice(since);
    const warmStarts = events.filter((e) => e.kind === 'instance-warm-start');
    expect(warmStarts).toHaveLength(2);
    for (const start of warmStarts) {
      const pending = events.find((e) => e.kind === 'instance-pending' && e.subject === start.subject);
      const inService = events.find((e) => e.kind === 'instance-in-service' && e.subject === start.subject);
      expect(inService && pending ? inService.atMs - pending.atMs : NaN).toBe(WARM_START_MS);
    }
    // Our pool is gone once v000 serves: nothing left in it, nothing more to pay.
    expect((await warmPool('rstop-v000')).WarmPoolConfiguration).toBeUndefined();
  });
});
