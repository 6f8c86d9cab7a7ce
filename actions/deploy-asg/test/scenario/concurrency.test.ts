import {
  deployInProcess,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  startAction,
  releaseHoldersAfterEach,
  startHealthGate,
  useSeededMoto,
  type ActionRun,
} from '@immutable-actions/test-support';

const { moto, fixtures, net } = useSeededMoto();

/** The cluster a test starts from, deployed in this process: the bundle runs under test come after. */
async function seeded(cluster: string): Promise<void> {
  await deployInProcess(moto, {
    cluster,
    'ami-id': await makeAmi(fixtures, `${cluster}-0`),
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
  });
}

// The holders a test started, each behind its health gate: let through and awaited after it, pass or fail.
const holders = releaseHoldersAfterEach();

/**
 * Starts a deploy that holds the cluster lock until the run it races with says it waits for it: the deploy
 * reaches AWS through a closed health gate and waits in wait-healthy, whatever the machine's speed. `race`
 * starts that other run (once the deploy holds the lock); the gate opens when its log shows it is waiting and
 * the deploy is in its health wait.
 */
async function holdingDeploy(
  cluster: string,
  ami: string,
  runId: string,
  race: (marker: string) => Promise<{ done: Promise<ActionRun> }>,
): Promise<[ActionRun, ActionRun]> {
  const gate = await startHealthGate({ moto });
  const { done } = await startAction('deploy-asg', `Locked cluster ${cluster}`, {
    inputs: { cluster, 'ami-id': ami, 'lock-timeout': '2m', 'max-groups': '3' },
    env: { ...gate.env, GITHUB_RUN_ID: runId },
  });
  holders.push({ gate, done });
  const waiter = await race(`Waiting for cluster ${cluster}: locked by`);
  // The lock step is logged before the group is made: on a loaded machine the other run can find the lock
  // before the deploy's first health check, and an open gate then would hold nothing.
  await gate.whenHeld();
  gate.open();
  const runs = await Promise.all([done, waiter.done]);
  expect(gate.heldAnswers()).toBeGreaterThan(0);
  return runs;
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
    const runs = await holdingDeploy(cluster, a, '501', (waiting) =>
      startAction('deploy-asg', waiting, {
        inputs: { cluster, 'ami-id': b, 'lock-timeout': '2m', 'max-groups': '3' },
        env: { ...moto.env, GITHUB_RUN_ID: '502' },
      }),
    );
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    // The second found the cluster locked, named the holder, and waited.
    expect(runs[1]?.stdout).toContain(`Waiting for cluster ${cluster}: locked by acme/shop#501`);
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
    const [deployRun, rollbackRun] = await holdingDeploy(cluster, deployAmi, '601', (waiting) =>
      startAction('rollback-asg', waiting, {
        inputs: { cluster, 'lock-timeout': '2m' },
        env: { ...moto.env, GITHUB_RUN_ID: '602' },
      }),
    );
    expect(rollbackRun.stdout).toContain(`Waiting for cluster ${cluster}: locked by acme/shop#601`);
    expect([deployRun.exitCode, rollbackRun.exitCode]).toEqual([0, 0]);
    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    const serving = exactlyOneServing(world);
    // The rollback went second: it rolled the deploy's new group back to the one before it.
    expect(deployRun.outputs['asg-name']).toBe(`${cluster}-v002`);
    expect(rollbackRun.outputs).toEqual({
      'asg-name': `${cluster}-v001`,
      'previous-asg-name': `${cluster}-v002`,
    });
    expect(serving?.name).toBe(`${cluster}-v001`);
    expect(world.templates).not.toContain(`immutable-lock/${cluster}`);
  });
});
