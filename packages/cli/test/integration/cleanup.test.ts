import {
  expireGroups,
  fixtureClients,
  makeAmi,
  readWorld,
  seedNetwork,
  snapshotWorld,
  startMoto,
  useMotoEnv,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';
import { cli } from '../run-cli';

// `immutable cleanup`, meant for a scheduled workflow: expired disabled groups are scaled to zero, or
// deleted when asked; never the serving group, nor the newest disabled one unless asked.
let moto: Moto;
let restoreEnv: () => void;
let fixtures: FixtureClients;
let net: SeededNetwork;

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures, 'clean');
});

afterAll(async () => {
  fixtures?.destroy();
  restoreEnv?.();
  await moto?.stop();
});

it('scales expired disabled groups to zero, then deletes them when asked, never the serving group', async () => {
  const cluster = 'tidy';
  const deployFlags = ['--max-groups', '3'];
  for (const [i, extra] of [
    [
      '--launch-template',
      net.baseTemplateName,
      '--target-groups',
      net.targetGroupName,
      '--desired-capacity',
      '2',
      '--max-size',
      '2',
    ],
    [],
    [],
  ].entries()) {
    const result = await cli(
      'deploy',
      '--cluster',
      cluster,
      '--ami-id',
      await makeAmi(fixtures, `tidy-${i}`),
      ...deployFlags,
      ...extra,
    );
    expect(result).toMatchObject({ code: 0 });
  }
  await expireGroups(fixtures, ['tidy-v000', 'tidy-v001']);

  const before = await snapshotWorld(fixtures);
  const dry = await cli('cleanup', '--cluster', cluster, '--dry-run', '--json');
  expect(dry.code).toBe(0);
  expect(JSON.parse(dry.stdout)).toMatchObject({ expired: ['tidy-v000'], scaledDown: [], deleted: [] });
  expect(await snapshotWorld(fixtures)).toEqual(before);

  expect((await cli('cleanup', '--cluster', cluster)).code).toBe(0);
  let world = await readWorld(fixtures, cluster);
  const byName = () => Object.fromEntries(world.groups.map((g) => [g.name, g]));
  expect(byName()['tidy-v000']).toMatchObject({ desired: 0 });
  expect(byName()['tidy-v001']).toMatchObject({ desired: 2 }); // the newest disabled one is spared
  expect(byName()['tidy-v002']).toMatchObject({ desired: 2, suspended: [] }); // serving, untouched

  const deleted = await cli('cleanup', '--cluster', cluster, '--delete', '--include-newest', '--json');
  expect(deleted.code).toBe(0);
  expect(JSON.parse(deleted.stdout)).toMatchObject({ deleted: ['tidy-v000', 'tidy-v001'] });
  world = await readWorld(fixtures, cluster, net.targetGroupArn);
  expect(world.groups.map((g) => g.name)).toEqual(['tidy-v002']);
  expect(world.templates.filter((t) => t.startsWith('tidy-v'))).toEqual(['tidy-v002']);
});

it('refuses a bad cluster name in one line, exit 1', async () => {
  const result = await cli('cleanup', '--cluster', 'tidy-v001');
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(/^immutable: Invalid cluster "tidy-v001": expected app\[-stack\[-detail\]\]/),
  ]);
});
