import { mainPath, ROLLBACK_STEPS } from '@immutable-actions/core';
import {
  makeAmi,
  readWorld,
  resizeGroup,
  runAction,
  servingGroups,
  useSeededMoto,
} from '@immutable-actions/test-support';

// Kill rollback-asg with SIGKILL right before each of its steps, re-run it as a re-run of the same workflow
// run, and check it finished the same rollback: the previous group serves, the bad one is disabled.
const { moto, fixtures, net } = useSeededMoto();

async function twoGroups(cluster: string): Promise<string[]> {
  const amis = [await makeAmi(fixtures, `${cluster}-1`), await makeAmi(fixtures, `${cluster}-2`)];
  for (const [i, ami] of amis.entries()) {
    const first =
      i === 0
        ? {
            'launch-template': net.baseTemplateName,
            'target-groups': net.targetGroupName,
            'desired-capacity': '2',
            'max-size': '2',
          }
        : {};
    const result = await runAction('deploy-asg', {
      inputs: { cluster, 'ami-id': ami, ...first },
      env: moto.env,
    });
    expect(result.exitCode).toBe(0);
  }
  return amis;
}

const rollback = (cluster: string, env: Record<string, string>) =>
  runAction('rollback-asg', { inputs: { cluster }, env: { ...moto.env, GITHUB_RUN_ID: '888', ...env } });

describe.each(mainPath(ROLLBACK_STEPS).map((step) => [step]))('rollback killed before %s', (step) => {
  it('finishes the same rollback when run again', async () => {
    const cluster = `rkill-${step}`;
    const [good, bad] = await twoGroups(cluster);
    // Scaled down while disabled, so the resize step has work to do.
    await resizeGroup(fixtures, `${cluster}-v000`, { min: 0, desired: 0, max: 2 });
    const killed = await rollback(cluster, { IMMUTABLE_FAULT_KILL_AT: step, GITHUB_RUN_ATTEMPT: '1' });
    expect(killed.signal).toBe('SIGKILL');
    expect(servingGroups(await readWorld(fixtures, cluster)).length).toBeGreaterThanOrEqual(1);

    const again = await rollback(cluster, { GITHUB_RUN_ATTEMPT: '2' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toEqual({ 'asg-name': `${cluster}-v000`, 'previous-asg-name': `${cluster}-v001` });

    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    const serving = servingGroups(world);
    expect(serving.map((g) => g.name)).toEqual([`${cluster}-v000`]);
    expect(serving[0]?.tags['immutable:ami']).toBe(good);
    expect(serving[0]?.desired).toBe(2);
    const ours = new Set(world.groups.flatMap((g) => g.instances));
    expect(world.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(
      [...(serving[0]?.instances ?? [])].sort(),
    );
    const disabled = world.groups.find((g) => g.name === `${cluster}-v001`);
    expect(disabled?.tags['immutable:ami']).toBe(bad);
    expect(disabled?.suspended).toContain('AddToLoadBalancer');
    expect(world.templates).not.toContain(`immutable-lock/${cluster}`);
  });
});

describe('a finished rollback', () => {
  it('is a no-op when the same run repeats it, and another run rolls back further', async () => {
    const cluster = 'rkill-further';
    await twoGroups(cluster);
    const third = await runAction('deploy-asg', {
      inputs: { cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-3`), 'max-groups': '3' },
      env: moto.env,
    });
    expect(third.exitCode).toBe(0);
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
