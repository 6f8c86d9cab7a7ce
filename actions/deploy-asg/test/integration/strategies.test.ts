import {
  createAlarm,
  expireGroups,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  setAlarm,
  useSeededMoto,
} from '@immutable-actions/test-support';

const { moto, fixtures, net } = useSeededMoto();

const deployAsg = (
  inputs: Record<string, string>,
  onSpawn?: Parameters<typeof runAction>[1] extends infer O
    ? O extends { onSpawn?: infer F }
      ? F
      : never
    : never,
) => runAction('deploy-asg', { inputs, env: moto.env, ...(onSpawn ? { onSpawn } : {}) });

async function firstGroup(cluster: string, desired = 4): Promise<string> {
  const ami = await makeAmi(fixtures, `${cluster}-0`);
  const result = await deployAsg({
    cluster,
    'ami-id': ami,
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
    'desired-capacity': String(desired),
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

describe('deploy-asg strategies', () => {
  it('highlander deletes every other group, with its launch template, and says rollback is a redeploy', async () => {
    await firstGroup('hl', 2);
    expect(
      (await deployAsg({ cluster: 'hl', 'ami-id': await makeAmi(fixtures, 'hl-1'), 'max-groups': '3' }))
        .exitCode,
    ).toBe(0);
    const ami = await makeAmi(fixtures, 'hl-2');
    const result = await deployAsg({ cluster: 'hl', 'ami-id': ami, strategy: 'highlander' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['asg-name']).toBe('hl-v002');
    const w = await world('hl');
    expect(w.groups.map((g) => g.name)).toEqual(['hl-v002']);
    expect(w.templates.filter((t) => t.startsWith('hl-v'))).toEqual(['hl-v002']);
    expect(w.trafficTo).toEqual([...(w.groups[0]?.instances ?? [])].sort());
    expect(result.summary).toContain('Highlander keeps no warm group: to roll back, redeploy an earlier AMI');
  });

  it('rolling-red-black shifts traffic in steps and ends like red/black', async () => {
    await firstGroup('roll', 4);
    const ami = await makeAmi(fixtures, 'roll-1');
    const result = await deployAsg({
      cluster: 'roll',
      'ami-id': ami,
      strategy: 'rolling-red-black',
      percentages: '25,50,100',
    });
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    for (const [percent, desired, old] of [
      [25, 1, 1],
      [50, 2, 2],
      [100, 4, 4],
    ]) {
      expect(result.stdout).toContain(`Shift ${percent}%: roll-v001 to ${desired} instance(s)`);
      expect(result.stdout).toContain(`${old}/4 old ones out of traffic`);
    }
    const w = await world('roll');
    const serving = servingGroups(w);
    expect(serving.map((g) => g.name)).toEqual(['roll-v001']);
    expect(serving[0]).toMatchObject({ min: 1, desired: 4, max: 6 });
    expect(w.trafficTo).toEqual([...(serving[0]?.instances ?? [])].sort());
    const old = w.groups.find((g) => g.name === 'roll-v000');
    expect(old?.suspended).toEqual(['AZRebalance', 'AddToLoadBalancer', 'Launch', 'Terminate']);
    expect(old?.instances).toHaveLength(4);
  });

  it('a rolling step that fails restores the old group fully and disables the new one', async () => {
    await firstGroup('rollfail', 4);
    await createAlarm(fixtures, 'rollfail-5xx', 'OK');
    let fired: Promise<void> | undefined;
    const result = await deployAsg(
      {
        cluster: 'rollfail',
        'ami-id': await makeAmi(fixtures, 'rollfail-1'),
        strategy: 'rolling-red-black',
        percentages: '25,50,100',
        'alarm-names': 'rollfail-5xx',
      },
      (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (!fired && chunk.toString().includes('Shift 25%: 1 new instance(s) healthy'))
            fired = setAlarm(fixtures, 'rollfail-5xx', 'ALARM');
        });
      },
    );
    await fired;
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(
      /^Alarm rollfail-5xx went to ALARM at the (25|50)% step of the rolling deploy\.$/,
    );
    const w = await world('rollfail');
    const old = w.groups.find((g) => g.name === 'rollfail-v000');
    // Every old instance back in traffic, no process left suspended, capacity as before: nothing pinned.
    expect(old).toMatchObject({ suspended: [], min: 1, desired: 4, max: 6 });
    expect(w.trafficTo).toEqual([...(old?.instances ?? [])].sort());
    const created = w.groups.find((g) => g.name === 'rollfail-v001');
    expect(created?.suspended).toContain('AddToLoadBalancer');
    expect(created?.tags['immutable:phase']).toBe('rolled-back');
    expect(servingGroups(w).map((g) => g.name)).toEqual(['rollfail-v000']);
  });

  it('scale-to-zero scales the disabled group down with its capacity recorded, and a rollback grows it back', async () => {
    const first = await firstGroup('zero', 3);
    const result = await deployAsg({
      cluster: 'zero',
      'ami-id': await makeAmi(fixtures, 'zero-1'),
      'previous-group': 'scale-to-zero',
    });
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain(
      'Scaled to zero (capacity recorded; a rollback grows it back first): zero-v000',
    );
    let w = await world('zero');
    const scaled = w.groups.find((g) => g.name === 'zero-v000');
    expect(scaled).toMatchObject({ min: 0, desired: 0 });
    expect(scaled?.tags['immutable:capacity']).toBe('1/3/5');
    expect(scaled?.instances).toHaveLength(0);

    const back = await runAction('rollback-asg', { inputs: { cluster: 'zero' }, env: moto.env });
    expect(back.exitCode).toBe(0);
    expect(back.stdout).toContain('Scale zero-v000 back up to 3 instance(s) first: it was scaled to zero');
    w = await world('zero');
    const restored = servingGroups(w);
    expect(restored.map((g) => g.name)).toEqual(['zero-v000']);
    expect(restored[0]).toMatchObject({ min: 1, desired: 3, max: 5 });
    expect(restored[0]?.tags['immutable:ami']).toBe(first);
    expect(restored[0]?.tags['immutable:capacity']).toBeUndefined();
    expect(w.trafficTo).toEqual([...(restored[0]?.instances ?? [])].sort());
  });

  it('keep-warm reports what the warm group costs in instance-hours per day', async () => {
    await firstGroup('warm', 2);
    const result = await deployAsg({ cluster: 'warm', 'ami-id': await makeAmi(fixtures, 'warm-1') });
    expect(result.summary).toContain(
      'Kept warm for an instant rollback: warm-v000, 2 × t3.micro = 48 instance-hours/day',
    );
  });

  it('each deploy scales expired disabled groups to zero, sparing the newest disabled one', async () => {
    await firstGroup('ttl', 2);
    const next = async (i: number) =>
      deployAsg({
        cluster: 'ttl',
        'ami-id': await makeAmi(fixtures, `ttl-${i}`),
        'max-groups': '3',
      });
    expect((await next(1)).exitCode).toBe(0);
    await expireGroups(fixtures, ['ttl-v000']);
    const third = await next(2);
    expect(third.exitCode).toBe(0);
    const w = await world('ttl');
    const byName = Object.fromEntries(w.groups.map((g) => [g.name, g]));
    expect(byName['ttl-v000']).toMatchObject({ desired: 0 });
    expect(byName['ttl-v000']?.tags['immutable:capacity']).toBe('1/2/4');
    // v001 was disabled just now: the newest disabled group, not expired, kept warm.
    expect(byName['ttl-v001']).toMatchObject({ desired: 2 });
    expect(byName['ttl-v001']?.instances).toHaveLength(2);
    expect(byName['ttl-v001']?.tags['immutable:expires-at']).toBeDefined();
  });
});
