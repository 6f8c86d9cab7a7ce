import {
  createAlarm,
  deployInProcess,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  setAlarm,
  snapshotWorld,
  useSeededMoto,
} from '@immutable-actions/test-support';

const { moto, fixtures, net } = useSeededMoto();

/** The cluster a test starts from, deployed in this process: the bundle runs under test come after. */
async function firstDeploy(cluster: string): Promise<string> {
  const ami = await makeAmi(fixtures, `${cluster}-1`);
  await deployInProcess(moto, {
    cluster,
    'ami-id': ami,
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
  });
  return ami;
}

describe('deploy-asg alarms', () => {
  it('refuses to deploy while a watched alarm is in ALARM, changing nothing', async () => {
    await firstDeploy('alarm-pre');
    await createAlarm(fixtures, 'alarm-pre-5xx', 'ALARM');
    const ami = await makeAmi(fixtures, 'alarm-pre-2');
    const before = await snapshotWorld(fixtures);
    const result = await runAction('deploy-asg', {
      inputs: { cluster: 'alarm-pre', 'ami-id': ami, 'alarm-names': 'alarm-pre-5xx', 'bake-time': '30s' },
      env: moto.env,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([
      'Alarm alarm-pre-5xx is in ALARM before the deploy: refusing to deploy while it fires.',
    ]);
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  it('refuses an alarm name that does not exist, changing nothing', async () => {
    await firstDeploy('alarm-missing');
    const ami = await makeAmi(fixtures, 'alarm-missing-2');
    const before = await snapshotWorld(fixtures);
    const result = await runAction('deploy-asg', {
      inputs: { cluster: 'alarm-missing', 'ami-id': ami, 'alarm-names': 'no-such-alarm' },
      env: moto.env,
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /^Invalid alarm-names "no-such-alarm": expected the name of an existing CloudWatch alarm/,
    );
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  it('rolls back at once when an alarm fires during the bake time', async () => {
    const good = await firstDeploy('alarm-bake');
    await createAlarm(fixtures, 'alarm-bake-5xx', 'OK');
    const bad = await makeAmi(fixtures, 'alarm-bake-2');
    let fired: Promise<void> | undefined;
    const result = await runAction('deploy-asg', {
      inputs: { cluster: 'alarm-bake', 'ami-id': bad, 'alarm-names': 'alarm-bake-5xx', 'bake-time': '60s' },
      env: moto.env,
      onSpawn: (child) => {
        // Fire the alarm once traffic has moved and the bake time started.
        child.stdout?.on('data', (chunk: Buffer) => {
          if (!fired && chunk.toString().includes('Step watch'))
            fired = setAlarm(fixtures, 'alarm-bake-5xx', 'ALARM');
        });
      },
    });
    await fired;
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({
      'rolled-back': 'true',
      'asg-name': 'alarm-bake-v000',
      'previous-asg-name': 'alarm-bake-v001',
    });
    expect(result.errors).toEqual([
      'Alarm alarm-bake-5xx went to ALARM during the bake time: rolled back to alarm-bake-v000; alarm-bake-v001 is disabled.',
    ]);
    const world = await readWorld(fixtures, 'alarm-bake', net.targetGroupArn);
    const serving = servingGroups(world);
    expect(serving.map((g) => g.name)).toEqual(['alarm-bake-v000']);
    expect(serving[0]?.tags['immutable:ami']).toBe(good);
    const disabled = world.groups.find((g) => g.name === 'alarm-bake-v001');
    expect(disabled?.tags['immutable:phase']).toBe('rolled-back');
    expect(disabled?.targetGroups).toEqual([]);
    const ours = new Set(world.groups.flatMap((g) => g.instances));
    expect(world.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(
      [...(serving[0]?.instances ?? [])].sort(),
    );
    // The run took far less than the 60 s bake time: the rollback was at once.
    expect(result.stdout).toContain('rolling back');
    expect(result.summary).toContain('> [!CAUTION]\n> **Rolled back**: alarm alarm-bake-5xx went to ALARM');
    expect(result.summary).toContain('`immutable delete --group alarm-bake-v001`');
    expect(result.summary).toContain(
      '- Bake time: 60s watching 1 alarm(s): alarm-bake-5xx went to ALARM, rolled back',
    );
  });

  it('finishes the deploy when the alarms stay quiet through the bake time', async () => {
    await firstDeploy('alarm-quiet');
    await createAlarm(fixtures, 'alarm-quiet-5xx', 'OK');
    const result = await runAction('deploy-asg', {
      inputs: {
        cluster: 'alarm-quiet',
        'ami-id': await makeAmi(fixtures, 'alarm-quiet-2'),
        'alarm-names': 'alarm-quiet-5xx',
        'bake-time': '3s',
      },
      env: moto.env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['rolled-back']).toBe('false');
    expect(result.stdout).toContain('Bake time passed with every alarm quiet');
    expect(result.summary).toContain('- Bake time: 3s watching 1 alarm(s): passed, every alarm quiet');
    expect(servingGroups(await readWorld(fixtures, 'alarm-quiet')).map((g) => g.name)).toEqual([
      'alarm-quiet-v001',
    ]);
  });
});
