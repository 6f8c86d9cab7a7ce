import { makeAmi, readWorld, runAction, servingGroups, useSeededMoto } from '@immutable-actions/test-support';

const { moto, fixtures, net } = useSeededMoto();

async function seeded(cluster: string): Promise<void> {
  const result = await runAction('deploy-asg', {
    inputs: {
      cluster,
      'ami-id': await makeAmi(fixtures, `${cluster}-0`),
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
    },
    env: moto.env,
  });
  expect(result.exitCode).toBe(0);
}

function exactlyOneServing(world: Awaited<ReturnType<typeof readWorld>>) {
  const serving = servingGroups(world);
  expect(serving).toHaveLength(1);
  const ours = new Set(world.groups.flatMap((g) => g.instances));
  expect(world.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(
    [...(serving[0]?.instances ?? [])].sort(),
  );
  return serving[0];
}

describe('two runs on one cluster at once', () => {
  it('two deploys: the second waits for the lock, and exactly one group serves at the end', async () => {
    const cluster = 'race-deploys';
    await seeded(cluster);
    const [a, b] = [await makeAmi(fixtures, `${cluster}-a`), await makeAmi(fixtures, `${cluster}-b`)];
    const runs = await Promise.all(
      [
        [a, '501'],
        [b, '502'],
      ].map(([ami, id]) =>
        runAction('deploy-asg', {
          inputs: { cluster, 'ami-id': ami ?? '', 'lock-timeout': '2m', 'max-groups': '3' },
          env: { ...moto.env, GITHUB_RUN_ID: id ?? '' },
        }),
      ),
    );
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    // One of them found the cluster locked and waited.
    expect(runs.some((r) => r.stdout.includes('locked by'))).toBe(true);
    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    const serving = exactlyOneServing(world);
    const names = runs.map((r) => r.outputs['asg-name']).sort();
    expect(names).toEqual([`${cluster}-v001`, `${cluster}-v002`]);
    // The later of the two serves, and the other is disabled behind it.
    expect(serving?.name).toBe(`${cluster}-v002`);
    expect(world.groups).toHaveLength(3);
    expect(world.templates).not.toContain(`immutable-lock/${cluster}`);
  });

  it('a deploy and a rollback: the rollback waits, and exactly one group serves at the end', async () => {
    const cluster = 'race-rollback';
    await seeded(cluster);
    const second = await runAction('deploy-asg', {
      inputs: { cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-1`) },
      env: moto.env,
    });
    expect(second.exitCode).toBe(0);
    const deployAmi = await makeAmi(fixtures, `${cluster}-2`);
    const [deployRun, rollbackRun] = await Promise.all([
      runAction('deploy-asg', {
        inputs: { cluster, 'ami-id': deployAmi, 'lock-timeout': '2m', 'max-groups': '3' },
        env: { ...moto.env, GITHUB_RUN_ID: '601' },
      }),
      runAction('rollback-asg', {
        inputs: { cluster, 'lock-timeout': '2m' },
        env: { ...moto.env, GITHUB_RUN_ID: '602' },
      }),
    ]);
    expect([deployRun.exitCode, rollbackRun.exitCode]).toEqual([0, 0]);
    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    const serving = exactlyOneServing(world);
    // Whichever went second decided what serves: the deploy's group, or the one the rollback restored.
    expect([deployRun.outputs['asg-name'], rollbackRun.outputs['asg-name']]).toContain(serving?.name);
    expect(world.templates).not.toContain(`immutable-lock/${cluster}`);
  });
});
