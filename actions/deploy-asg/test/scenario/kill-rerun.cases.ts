import { mainPath, DEPLOY_STEPS } from '@immutable-actions/core';
import {
  createServedCluster,
  deployInProcess,
  makeAmi,
  readTraffic,
  readWorld,
  runAction,
  trafficServingGroups,
  useSeededMoto,
  type ClusterKind,
} from '@immutable-actions/test-support';

// A runner can die at any moment. Kill the bundle with SIGKILL right before each step (a hook in the core
// library, not a sleep), re-run the same deploy as a re-run of the same workflow run does, and check the
// cluster converged. Target-group clusters are killed before every step; a cluster served by a classic ELB
// before the steps that move traffic, and one served by both before health and the switch: each case is
// two bundle runs (the killed one and its re-run), and the full matrix again for each kind would double the
// file's time. The deploys that build the cluster before the kill are not what is tested: they run the
// same library path in this process (deployInProcess), as the same workflow run would have.

/**
 * The matrix, in two test files that jest runs side by side: the target-group cluster killed before every
 * step (kill-rerun.test.ts), and the served kinds, the lock and rolling-red-black (kill-rerun-served.test.ts).
 */
export function killRerunTests(part: 'target-group' | 'served'): void {
  const { moto, fixtures, net } = useSeededMoto();

  const RUN = { GITHUB_RUN_ID: '777' };
  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction('deploy-asg', { inputs, env: { ...moto.env, ...RUN, ...env } });
  const setUp = (inputs: Record<string, string>) => deployInProcess(moto, inputs, RUN);

  const TRAFFIC_STEPS = ['create-group', 'copy-to-group', 'wait-healthy', 'disable-previous', 'delete-old'];
  const PREFIX: Record<ClusterKind, string> = {
    'target-group': 'kill',
    'classic-elb': 'ckill',
    both: 'bkill',
  };

  async function invariants(
    cluster: string,
    ami: string,
    maxGroups: number,
    served: { loadBalancerName?: string | undefined; targetGroupArn?: string | undefined } = {
      targetGroupArn: net.targetGroupArn,
    },
  ) {
    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    const traffic = await readTraffic(fixtures, cluster, served);
    const serving = trafficServingGroups(traffic);
    // Exactly one group serves, and it runs the new AMI.
    expect(serving).toHaveLength(1);
    expect(serving[0]?.tags['immutable:ami']).toBe(ami);
    const ours = new Set(traffic.groups.flatMap((g) => g.instances));
    const servingIds = [...(serving[0]?.instances ?? [])].sort();
    // Traffic goes to its instances only (of this cluster's; the target group is shared here).
    if (served.targetGroupArn)
      expect(traffic.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(servingIds);
    if (served.loadBalancerName) {
      expect(serving[0]?.loadBalancers).toEqual([served.loadBalancerName]);
      expect(traffic.elbInService.filter((id) => ours.has(id)).sort()).toEqual(servingIds);
      // The other groups' instances are deregistered from it, not merely OutOfService.
      const others = new Set(traffic.groups.filter((g) => g !== serving[0]).flatMap((g) => g.instances));
      expect(traffic.elbListed.filter((id) => others.has(id))).toEqual([]);
    }
    // At most max-groups groups remain.
    expect(world.groups.length).toBeLessThanOrEqual(maxGroups);
    // No launch template is orphaned, and no lock is left behind.
    const groupNames = new Set(world.groups.map((g) => g.name));
    const templates = world.templates.filter((t) => t.startsWith(`${cluster}-v`));
    expect(templates.filter((t) => !groupNames.has(t))).toEqual([]);
    expect(world.templates).not.toContain(`immutable-lock/${cluster}`);
    return { world, traffic };
  }

  const matrix: [ClusterKind, string][] =
    part === 'target-group'
      ? mainPath(DEPLOY_STEPS).map((step): [ClusterKind, string] => ['target-group', step])
      : [
          ...TRAFFIC_STEPS.map((step): [ClusterKind, string] => ['classic-elb', step]),
          // Both kinds at once: where the two could disagree (health in each, and the switch).
          ...['wait-healthy', 'disable-previous'].map((step): [ClusterKind, string] => ['both', step]),
        ];

  describe.each(matrix)('a %s cluster killed before %s', (kind, step) => {
    it('converges when the same deploy is run again', async () => {
      const cluster = `${PREFIX[kind]}-${step}`;
      let served: { loadBalancerName?: string | undefined; targetGroupArn?: string | undefined } = {
        targetGroupArn: net.targetGroupArn,
      };
      if (kind === 'target-group') {
        await setUp({
          cluster,
          'ami-id': await makeAmi(fixtures, `${cluster}-1`),
          'launch-template': net.baseTemplateName,
          'target-groups': net.targetGroupName,
        });
      } else {
        // Deploy has no input for classic ELBs: they carry over from a group that has one.
        served = await createServedCluster(fixtures, net, {
          cluster,
          amiId: await makeAmi(fixtures, `${cluster}-1`),
          kind,
        });
      }
      await setUp({ cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-2`) });

      const ami = await makeAmi(fixtures, `${cluster}-3`);
      const killed = await run(
        { cluster, 'ami-id': ami },
        { IMMUTABLE_FAULT_KILL_AT: step, GITHUB_RUN_ATTEMPT: '1' },
      );
      expect(killed.signal).toBe('SIGKILL');
      // Killed before the step: the deploy never got to say it finished (it says so just before unlocking).
      if (step !== 'unlock') expect(killed.stdout).not.toContain(`Deployed ${ami}`);

      // The cluster never went without a serving group, even right after the kill.
      const during = await readTraffic(fixtures, cluster, served);
      expect(trafficServingGroups(during).length).toBeGreaterThanOrEqual(1);
      if (served.loadBalancerName) expect(during.elbInService.length).toBeGreaterThan(0);

      const again = await run({ cluster, 'ami-id': ami }, { GITHUB_RUN_ATTEMPT: '2' });
      expect(again.exitCode).toBe(0);
      expect(again.outputs['asg-name']).toBe(`${cluster}-v002`);
      const { world, traffic } = await invariants(cluster, ami, 2, served);
      expect(world.groups.map((g) => g.name).sort()).toEqual([`${cluster}-v001`, `${cluster}-v002`]);
      // The previous group is disabled and kept warm for a rollback, its traffic recorded on it.
      const previous = world.groups.find((g) => g.name === `${cluster}-v001`);
      expect(previous?.suspended).toContain('AddToLoadBalancer');
      expect(previous?.instances.length).toBeGreaterThan(0);
      if (served.loadBalancerName) {
        const disabled = traffic.groups.find((g) => g.name === `${cluster}-v001`);
        expect(disabled?.loadBalancers).toEqual([]);
        expect(disabled?.tags['immutable:load-balancer:0']).toBe(served.loadBalancerName);
      }
    });
  });

  if (part === 'served') {
    describe('a killed deploy and another run', () => {
      it('holds the lock until it expires: another run with lock-timeout 0 fails at once naming the holder', async () => {
        const cluster = 'kill-lock';
        await setUp({
          cluster,
          'ami-id': await makeAmi(fixtures, `${cluster}-1`),
          'launch-template': net.baseTemplateName,
        });
        const killed = await run(
          { cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-2`) },
          { IMMUTABLE_FAULT_KILL_AT: 'wait-healthy', GITHUB_RUN_ID: '900' },
        );
        expect(killed.signal).toBe('SIGKILL');
        const other = await run(
          { cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-3`) },
          { GITHUB_RUN_ID: '901' },
        );
        expect(other.exitCode).toBe(1);
        expect(other.errors[0]).toMatch(
          /^Cluster kill-lock is locked by acme\/shop#900\/deploy\/1\/[0-9a-f]{8} \(https:\/\/github.com\/acme\/shop\/actions\/runs\/900\) until \S+: another deploy or rollback is running\. Set lock-timeout to wait for it, or break-lock if its holder is gone\.$/,
        );
      });
    });

    describe.each(['shift-25', 'shift-50', 'shift-100', 'disable-previous'].map((step) => [step]))(
      'rolling-red-black killed before %s',
      (step) => {
        it('converges when the same deploy is run again', async () => {
          const cluster = `rkill-${step}`;
          await setUp({
            cluster,
            'ami-id': await makeAmi(fixtures, `${cluster}-1`),
            'launch-template': net.baseTemplateName,
            'target-groups': net.targetGroupName,
            'desired-capacity': '4',
            'max-size': '4',
          });
          const ami = await makeAmi(fixtures, `${cluster}-2`);
          const inputs = { cluster, 'ami-id': ami, strategy: 'rolling-red-black', percentages: '25,50,100' };
          const killed = await run(inputs, { IMMUTABLE_FAULT_KILL_AT: step, GITHUB_RUN_ATTEMPT: '1' });
          expect(killed.signal).toBe('SIGKILL');
          // Mid-shift, traffic is split, never gone: some instance of the cluster still takes it.
          const during = await readWorld(fixtures, cluster, net.targetGroupArn);
          const ours = new Set(during.groups.flatMap((g) => g.instances));
          expect(during.healthyTargets.filter((id) => ours.has(id)).length).toBeGreaterThan(0);

          const again = await run(inputs, { GITHUB_RUN_ATTEMPT: '2' });
          expect(again.exitCode).toBe(0);
          const { world } = await invariants(cluster, ami, 2);
          const serving = world.groups.find((g) => g.name === `${cluster}-v001`);
          expect(serving).toMatchObject({ desired: 4, min: 1, max: 4 });
          const old = world.groups.find((g) => g.name === `${cluster}-v000`);
          expect(old?.suspended).toEqual(['AZRebalance', 'AddToLoadBalancer', 'Launch', 'Terminate']);
          expect(old?.instances).toHaveLength(4);
        });
      },
    );
  }
}
