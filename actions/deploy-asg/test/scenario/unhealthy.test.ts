import {
  fixtureClients,
  makeAmi,
  readWorld,
  runAction,
  seedNetwork,
  servingGroups,
  snapshotWorld,
  startFaultProxy,
  startMoto,
  type FaultProxy,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';

// moto makes every registered target healthy at once; here a proxy answers for the load balancer that the new
// group's instances never turn healthy. The deploy must give up, remove the new group, and leave the previous
// one serving exactly as it was: the old group is never disabled for a new one that never became healthy
// (spinnaker#6973).
let moto: Moto;
let proxy: FaultProxy;
let fixtures: FixtureClients;
let net: SeededNetwork;
let healthyOnly = new Set<string>();
let sick = false;

beforeAll(async () => {
  moto = await startMoto();
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures);
  proxy = await startFaultProxy({
    target: moto.endpoint,
    rewrite: (service, operation, body) => {
      if (!sick || service !== 'elasticloadbalancing' || operation !== 'DescribeTargetHealth')
        return undefined;
      return body.replace(/<member>([\s\S]*?)<\/member>/g, (member: string) => {
        const id = /<Id>(i-[0-9a-f]+)<\/Id>/.exec(member)?.[1];
        return id && !healthyOnly.has(id)
          ? member.replace('<State>healthy</State>', '<State>unhealthy</State>')
          : member;
      });
    },
  });
});

afterAll(async () => {
  await proxy?.stop();
  fixtures?.destroy();
  await moto?.stop();
});

it('a new group that never becomes healthy is removed, and the previous one keeps serving untouched', async () => {
  const env = { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint };
  const first = await runAction('deploy-asg', {
    inputs: {
      cluster: 'sick',
      'ami-id': await makeAmi(fixtures, 'sick-1'),
      'launch-template': net.baseTemplateName,
      'target-groups': net.targetGroupName,
      'desired-capacity': '2',
      'max-size': '2',
    },
    env,
  });
  expect(first.exitCode).toBe(0);
  const before = await readWorld(fixtures, 'sick', net.targetGroupArn);
  healthyOnly = new Set(before.groups.flatMap((g) => g.instances));
  const snapshotBefore = await snapshotWorld(fixtures);
  sick = true;

  const second = await runAction('deploy-asg', {
    inputs: { cluster: 'sick', 'ami-id': await makeAmi(fixtures, 'sick-2'), 'health-timeout': '6s' },
    env,
  });
  sick = false;
  expect(second.exitCode).toBe(1);
  expect(second.errors).toHaveLength(1);
  expect(second.errors[0]).toMatch(
    /^Timed out after \d+s waiting for sick-v001 to be healthy: 0\/2 instances healthy in shop-web\./,
  );
  expect(second.stdout).toContain('Deploy failed before traffic moved');
  expect(second.stdout).toContain('sick-v000 keeps serving, unchanged');
  // The job summary: an alert with the next step, and the groups linked to the console.
  expect(second.summary).toContain('> [!CAUTION]\n> **deploy-asg failed**: Timed out after');
  expect(second.summary).toContain(
    '> Next step: sick-v000 still serves, untouched; fix the cause and re-run this deploy',
  );
  expect(second.summary).toContain(
    '[sick-v000](https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#AutoScalingGroupDetails:id=sick-v000;view=details)',
  );

  const after = await readWorld(fixtures, 'sick', net.targetGroupArn);
  expect(after.groups.map((g) => g.name)).toEqual(['sick-v000']);
  expect(after.templates.filter((t) => t.startsWith('sick-v'))).toEqual(['sick-v000']);
  expect(after.templates).not.toContain('immutable-lock/sick');
  const serving = servingGroups(after);
  expect(serving.map((g) => g.name)).toEqual(['sick-v000']);
  expect(serving[0]?.suspended).toEqual([]);
  expect(after.healthyTargets.sort()).toEqual([...(serving[0]?.instances ?? [])].sort());
  // The previous group is exactly as it was: same capacity, processes, target groups, instances and tags.
  const groupOf = (s: unknown) =>
    (s as { groups: { AutoScalingGroupName?: string }[] }).groups.find(
      (g) => g.AutoScalingGroupName === 'sick-v000',
    );
  expect(groupOf(await snapshotWorld(fixtures))).toEqual(groupOf(snapshotBefore));
});
