import { mainPath, ROLLBACK_STEPS } from '@immutable-actions/core';
import {
  createServedCluster,
  deployInProcess,
  makeAmi,
  readTraffic,
  resizeGroup,
  runAction,
  servingGroups,
  readWorld,
  trafficServingGroups,
  useSeededMoto,
  type ClusterKind,
} from '@immutable-actions/test-support';

// Kill rollback-asg with SIGKILL right before each of its steps, re-run it as a re-run of the same workflow
// run, and check it finished the same rollback: the previous group serves, the bad one is disabled. A
// cluster served by a classic ELB (alone, or beside a target group) is killed before the steps that move
// traffic (each case is two bundle runs: the killed rollback and its re-run). The deploys that build the two
// groups are not what is tested: they run the same library path in this process (deployInProcess).
const { moto, fixtures, net } = useSeededMoto();

interface Served {
  loadBalancerName?: string | undefined;
  targetGroupArn?: string | undefined;
}

async function twoGroups(cluster: string, kind: ClusterKind): Promise<{ amis: string[]; served: Served }> {
  const amis = [await makeAmi(fixtures, `${cluster}-1`), await makeAmi(fixtures, `${cluster}-2`)];
  let served: Served = { targetGroupArn: net.targetGroupArn };
  for (const [i, ami] of amis.entries()) {
    if (i === 0 && kind !== 'target-group') {
      // Deploy has no input for classic ELBs: they carry over from a group that has one.
      served = await createServedCluster(fixtures, net, { cluster, amiId: ami, kind, desired: 2 });
      continue;
    }
    const first =
      i === 0
        ? {
            'launch-template': net.baseTemplateName,
            'target-groups': net.targetGroupName,
            'desired-capacity': '2',
            'max-size': '2',
          }
        : {};
    await deployInProcess(moto, { cluster, 'ami-id': ami, ...first });
  }
  return { amis, served };
}

const rollback = (cluster: string, env: Record<string, string>) =>
  runAction('rollback-asg', { inputs: { cluster }, env: { ...moto.env, GITHUB_RUN_ID: '888', ...env } });

const TRAFFIC_STEPS = ['resize', 'enable-target', 'wait-healthy', 'disable-bad'];
const PREFIX: Record<ClusterKind, string> = { 'target-group': 'rkill', 'classic-elb': 'crk', both: 'brk' };
const matrix: [ClusterKind, string][] = [
  ...mainPath(ROLLBACK_STEPS).map((step): [ClusterKind, string] => ['target-group', step]),
  ...TRAFFIC_STEPS.map((step): [ClusterKind, string] => ['classic-elb', step]),
  ...['enable-target', 'disable-bad'].map((step): [ClusterKind, string] => ['both', step]),
];

describe.each(matrix)('a %s cluster: rollback killed before %s', (kind, step) => {
  it('finishes the same rollback when run again', async () => {
    const cluster = `${PREFIX[kind]}-${step}`;
    const {
      amis: [good, bad],
      served,
    } = await twoGroups(cluster, kind);
    // Scaled down while disabled, so the resize step has work to do.
    await resizeGroup(fixtures, `${cluster}-v000`, { min: 0, desired: 0, max: 2 });
    const killed = await rollback(cluster, { IMMUTABLE_FAULT_KILL_AT: step, GITHUB_RUN_ATTEMPT: '1' });
    expect(killed.signal).toBe('SIGKILL');
    const during = await readTraffic(fixtures, cluster, served);
    expect(trafficServingGroups(during).length).toBeGreaterThanOrEqual(1);
    if (served.loadBalancerName) expect(during.elbInService.length).toBeGreaterThan(0);

    const again = await rollback(cluster, { GITHUB_RUN_ATTEMPT: '2' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual({ 'asg-name': `${cluster}-v000`, 'previous-asg-name': `${cluster}-v001` });

    const world = await readTraffic(fixtures, cluster, served);
    const serving = trafficServingGroups(world);
    expect(serving.map((g) => g.name)).toEqual([`${cluster}-v000`]);
    expect(serving[0]?.tags['immutable:ami']).toBe(good);
    const ours = new Set(world.groups.flatMap((g) => g.instances));
    const servingIds = [...(serving[0]?.instances ?? [])].sort();
    expect(servingIds).toHaveLength(2);
    if (served.targetGroupArn)
      expect(world.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(servingIds);
    const disabled = world.groups.find((g) => g.name === `${cluster}-v001`);
    expect(disabled?.tags['immutable:ami']).toBe(bad);
    expect(disabled?.suspended).toContain('AddToLoadBalancer');
    if (served.loadBalancerName) {
      expect(serving[0]?.loadBalancers).toEqual([served.loadBalancerName]);
      expect(world.elbInService.filter((id) => ours.has(id)).sort()).toEqual(servingIds);
      // The bad group's instances are deregistered from the ELB, and the ELB recorded on it for later.
      expect(world.elbListed.filter((id) => disabled?.instances.includes(id))).toEqual([]);
      expect(disabled?.loadBalancers).toEqual([]);
      expect(disabled?.tags['immutable:load-balancer:0']).toBe(served.loadBalancerName);
    }
    expect((await readWorld(fixtures, cluster)).templates).not.toContain(`immutable-lock/${cluster}`);
  });
});

describe('a finished rollback', () => {
  it('is a no-op when the same run repeats it, and another run rolls back further', async () => {
    const cluster = 'rkill-further';
    await twoGroups(cluster, 'target-group');
    await deployInProcess(moto, {
      cluster,
      'ami-id': await makeAmi(fixtures, `${cluster}-3`),
      'max-groups': '3',
    });
    const firstRollback = await rollback(cluster, {});
    expect(firstRollback.outputs['asg-name']).toBe(`${cluster}-v001`);
    const repeat = await rollback(cluster, { GITHUB_RUN_ATTEMPT: '2' });
    expect(repeat.exitCode).toBe(0);
    expect(repeat.stdout).toContain('Already rolled back by this run');
    expect(repeat.outputs['asg-name']).toBe(`${cluster}-v001`);
    const further = await rollback(cluster, { GITHUB_RUN_ID: '889' });
    expect(further.exitCode).toBe(0);
    expect(further.outputs).toEqual({
      'asg-name': `${cluster}-v000`,
      'previous-asg-name': `${cluster}-v001`,
    });
    expect(servingGroups(await readWorld(fixtures, cluster)).map((g) => g.name)).toEqual([`${cluster}-v000`]);
  });
});
