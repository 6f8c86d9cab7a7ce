import {
  fixtureClients,
  makeAmi,
  readWorld,
  runAction,
  seedNetwork,
  servingGroups,
  startFaultProxy,
  startMoto,
  type FaultProxy,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';

// Throttling, 5xx and dropped connections between the SDK and AWS must not change where a deploy and a
// rollback end up: the same scenario runs once directly against moto and once through a fault proxy.
let moto: Moto;
let proxy: FaultProxy;
let fixtures: FixtureClients;
let net: SeededNetwork;

beforeAll(async () => {
  moto = await startMoto();
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures);
  proxy = await startFaultProxy({ target: moto.endpoint, seed: 2026 });
});

afterAll(async () => {
  await proxy?.stop();
  fixtures?.destroy();
  await moto?.stop();
});

/** Deploy twice, then roll back; answer what the cluster looks like, in terms that do not depend on ids. */
async function scenario(cluster: string, endpoint: string) {
  const env = { ...moto.env, AWS_ENDPOINT_URL: endpoint };
  const amis = [await makeAmi(fixtures, `${cluster}-1`), await makeAmi(fixtures, `${cluster}-2`)];
  const first = await runAction('deploy-asg', {
    inputs: {
      cluster,
      'ami-id': amis[0] ?? '',
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
      'desired-capacity': '2',
      'max-size': '3',
    },
    env,
  });
  const second = await runAction('deploy-asg', { inputs: { cluster, 'ami-id': amis[1] ?? '' }, env });
  const back = await runAction('rollback-asg', { inputs: { cluster }, env });
  for (const run of [first, second, back]) {
    if (run.exitCode !== 0)
      throw new Error(`run failed: ${run.errors.join(' ')}\n${run.stdout.slice(-3000)}`);
  }
  const world = await readWorld(fixtures, cluster, net.targetGroupArn);
  const serving = servingGroups(world);
  const ours = new Set(world.groups.flatMap((g) => g.instances));
  return {
    outputs: [first.outputs, second.outputs, back.outputs].map((o) =>
      Object.fromEntries(
        Object.entries(o)
          .filter(([name]) => name !== 'launch-template-id')
          // Each run bakes its own AMIs: compare which of them an output names.
          .map(([name, value]) => [
            name,
            amis.reduce(
              (text, ami, i) => text.replaceAll(ami, `<ami-${i + 1}>`),
              value.replace(cluster, '<cluster>'),
            ),
          ]),
      ),
    ),
    groups: world.groups
      .map((g) => ({
        version: g.name.slice(cluster.length),
        ami: amis.indexOf(g.tags['immutable:ami'] ?? ''),
        suspended: g.suspended,
        attached: g.targetGroups.length,
        capacity: [g.min, g.desired, g.max],
        instances: g.instances.length,
        phase: g.tags['immutable:phase'],
      }))
      .sort((a, b) => a.version.localeCompare(b.version)),
    serving: serving.map((g) => g.name.slice(cluster.length)),
    trafficToServingOnly:
      JSON.stringify(world.healthyTargets.filter((id) => ours.has(id)).sort()) ===
      JSON.stringify([...(serving[0]?.instances ?? [])].sort()),
    templates: world.templates
      .filter((t) => t.startsWith(cluster))
      .map((t) => t.slice(cluster.length))
      .sort(),
  };
}

describe('deploy and rollback under AWS faults', () => {
  it('reach the same final state with 20% throttles, 5% 500s and 5% dropped connections', async () => {
    const clean = await scenario('calm', moto.endpoint);
    proxy.setRates({ throttle: 0.2, error: 0.05, reset: 0.05 });
    proxy.resetStats();
    const faulty = await scenario('storm', proxy.endpoint);
    const stats = proxy.stats();
    expect(stats.faults.throttle).toBeGreaterThan(0);
    expect(stats.faults.error).toBeGreaterThan(0);
    expect(stats.faults.reset).toBeGreaterThan(0);
    expect(faulty).toEqual(clean);
    expect(clean.serving).toEqual(['-v000']);
    expect(clean.trafficToServingOnly).toBe(true);
  });
});
