import { mainPath, DEPLOY_STEPS } from '@immutable-actions/core';
import { makeAmi, readWorld, runAction, servingGroups, useSeededMoto } from '@immutable-actions/test-support';

// A runner can die at any moment. Kill the bundle with SIGKILL right before each step (a hook in the core
// library, not a sleep), re-run the same deploy as a re-run of the same workflow run does, and check the
// cluster converged.
const { moto, fixtures, net } = useSeededMoto();

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('deploy-asg', { inputs, env: { ...moto.env, GITHUB_RUN_ID: '777', ...env } });

async function invariants(cluster: string, ami: string, maxGroups: number) {
  const world = await readWorld(fixtures, cluster, net.targetGroupArn);
  const serving = servingGroups(world);
  // Exactly one group serves, and it runs the new AMI.
  expect(serving).toHaveLength(1);
  expect(serving[0]?.tags['immutable:ami']).toBe(ami);
  // Traffic goes to its instances only (of this cluster's; the target group is shared here).
  const ours = new Set(world.groups.flatMap((g) => g.instances));
  expect(world.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(
    [...(serving[0]?.instances ?? [])].sort(),
  );
  // At most max-groups groups remain.
  expect(world.groups.length).toBeLessThanOrEqual(maxGroups);
  // No launch template is orphaned, and no lock is left behind.
  const groupNames = new Set(world.groups.map((g) => g.name));
  const templates = world.templates.filter((t) => t.startsWith(`${cluster}-v`));
  expect(templates.filter((t) => !groupNames.has(t))).toEqual([]);
  expect(world.templates).not.toContain(`immutable-lock/${cluster}`);
  return world;
}

describe.each(mainPath(DEPLOY_STEPS).map((step) => [step]))('killed before %s', (step) => {
  it('converges when the same deploy is run again', async () => {
    const cluster = `kill-${step}`;
    const first = await run({
      cluster,
      'ami-id': await makeAmi(fixtures, `${cluster}-1`),
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
    });
    expect(first.exitCode).toBe(0);
    expect((await run({ cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-2`) })).exitCode).toBe(0);

    const ami = await makeAmi(fixtures, `${cluster}-3`);
    const killed = await run(
      { cluster, 'ami-id': ami },
      { IMMUTABLE_FAULT_KILL_AT: step, GITHUB_RUN_ATTEMPT: '1' },
    );
    expect(killed.signal).toBe('SIGKILL');
    // Killed before the step: the deploy never got to say it finished (it says so just before unlocking).
    if (step !== 'unlock') expect(killed.stdout).not.toContain(`Deployed ${ami}`);

    // The cluster never went without a serving group, even right after the kill.
    expect(servingGroups(await readWorld(fixtures, cluster)).length).toBeGreaterThanOrEqual(1);

    const again = await run({ cluster, 'ami-id': ami }, { GITHUB_RUN_ATTEMPT: '2' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['asg-name']).toBe(`${cluster}-v002`);
    const world = await invariants(cluster, ami, 2);
    expect(world.groups.map((g) => g.name).sort()).toEqual([`${cluster}-v001`, `${cluster}-v002`]);
    // The previous group is disabled and kept warm for a rollback.
    const previous = world.groups.find((g) => g.name === `${cluster}-v001`);
    expect(previous?.suspended).toContain('AddToLoadBalancer');
    expect(previous?.instances.length).toBeGreaterThan(0);
  });
});

describe('a killed deploy and another run', () => {
  it('holds the lock until it expires: another run with lock-timeout 0 fails at once naming the holder', async () => {
    const cluster = 'kill-lock';
    expect(
      (
        await run({
          cluster,
          'ami-id': await makeAmi(fixtures, `${cluster}-1`),
          'launch-template': net.baseTemplateName,
        })
      ).exitCode,
    ).toBe(0);
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
      /^Cluster kill-lock is locked by acme\/shop#900 \(https:\/\/github.com\/acme\/shop\/actions\/runs\/900\) until \S+: another deploy or rollback is running\. Set lock-timeout to wait for it\.$/,
    );
  });
});

describe.each(['shift-25', 'shift-50', 'shift-100', 'disable-previous'].map((step) => [step]))(
  'rolling-red-black killed before %s',
  (step) => {
    it('converges when the same deploy is run again', async () => {
      const cluster = `rkill-${step}`;
      const first = await run({
        cluster,
        'ami-id': await makeAmi(fixtures, `${cluster}-1`),
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
        'desired-capacity': '4',
        'max-size': '4',
      });
      expect(first.exitCode).toBe(0);
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
      const world = await invariants(cluster, ami, 2);
      const serving = world.groups.find((g) => g.name === `${cluster}-v001`);
      expect(serving).toMatchObject({ desired: 4, min: 1, max: 4 });
      const old = world.groups.find((g) => g.name === `${cluster}-v000`);
      expect(old?.suspended).toEqual(['AZRebalance', 'AddToLoadBalancer', 'Launch', 'Terminate']);
      expect(old?.instances).toHaveLength(4);
    });
  },
);
