import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  fixtureClients,
  makeAmi,
  readWorld,
  runAction,
  seedNetwork,
  servingGroups,
  snapshotWorld,
  startAwsProxy,
  startMoto,
  type AwsProxy,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';

// Multi-region waves through the bundle. moto serves every region on one endpoint, so one moto holds three
// regions, each seeded alike (same names: a workflow gives one launch-template and target-groups for all).
// A proxy in front plays what moto cannot: in one region only, the new group's instances never turn healthy.
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;
type Region = (typeof REGIONS)[number];

let moto: Moto;
let proxy: AwsProxy;
const fixtures = {} as Record<Region, FixtureClients>;
const nets = {} as Record<Region, SeededNetwork>;
/** The region whose new instances the proxy keeps unhealthy, and the instances that stay healthy. */
let sickRegion: Region | undefined;
let healthyOnly = new Set<string>();

beforeAll(async () => {
  moto = await startMoto();
  for (const region of REGIONS) {
    fixtures[region] = fixtureClients(moto, region);
    nets[region] = await seedNetwork(fixtures[region], 'wave');
  }
  proxy = await startAwsProxy({
    target: moto.endpoint,
    plan: ({ call, headers }) => {
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(headers.authorization ?? ''))?.[1];
      if (!sickRegion || region !== sickRegion || call.operation !== 'DescribeTargetHealth')
        return { kind: 'forward' };
      return {
        kind: 'forward',
        after: async (answer) => {
          const body = answer.body
            .toString('utf8')
            .replace(/<member>([\s\S]*?)<\/member>/g, (member: string) => {
              const id = /<Id>(i-[0-9a-f]+)<\/Id>/.exec(member)?.[1];
              return id && !healthyOnly.has(id)
                ? member.replace('<State>healthy</State>', '<State>unhealthy</State>')
                : member;
            });
          return { body };
        },
      };
    },
  });
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  for (const region of REGIONS) fixtures[region]?.destroy();
  await moto?.stop();
});

const deployAsg = (inputs: Record<string, string>) =>
  runAction('deploy-asg', { inputs, env: { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint } });

async function amisFor(regions: readonly Region[], name: string): Promise<Record<string, string>> {
  const amis: Record<string, string> = {};
  for (const region of regions) amis[region] = await makeAmi(fixtures[region], `${name}-${region}`);
  return amis;
}

const world = (region: Region) => readWorld(fixtures[region], 'wave', nets[region].targetGroupArn);
const snapshotAll = () => Promise.all(REGIONS.map((r) => snapshotWorld(fixtures[r])));

it('three regions: the first alone, then the other two in parallel, each serving its own AMI', async () => {
  const amis = await amisFor(REGIONS, 'wave-1');
  const run = await deployAsg({
    cluster: 'wave',
    regions: REGIONS.join(', '),
    amis: JSON.stringify(amis),
    'launch-template': 'wave-base',
    'target-groups': 'wave-web',
  });
  expect(run.errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.outputs['asg-names'] ?? '')).toEqual({
    'us-east-1': 'wave-v000',
    'eu-west-1': 'wave-v000',
    'ap-southeast-2': 'wave-v000',
  });
  expect(JSON.parse(run.outputs.amis ?? '')).toEqual(amis);
  expect(run.outputs['failed-region']).toBe('');
  // Wave 2 starts only once the first region is done; every log line names its region.
  const out = run.stdout;
  expect(out).toContain('Wave 1: us-east-1');
  expect(out).toContain('Wave 2: eu-west-1, ap-southeast-2 in parallel');
  expect(out.indexOf('Wave 2:')).toBeGreaterThan(out.lastIndexOf('[us-east-1] '));
  expect(out).toContain('[eu-west-1] Step create-group');
  expect(out).toContain('[ap-southeast-2] Step create-group');
  for (const region of REGIONS) {
    const serving = servingGroups(await world(region));
    expect(serving.map((g) => [g.name, g.tags['immutable:ami']])).toEqual([['wave-v000', amis[region]]]);
    expect(run.summary).toContain(`| ${region} | ${region === 'us-east-1' ? 1 : 2} | [${amis[region]}]`);
  }
  expect(run.summary).toContain('### deploy-asg: wave in 3 regions');
  expect(run.summary).toContain('#### eu-west-1: deploy-asg: wave → wave-v000');
}, 240_000);

it('two regions whose second wave fails: the first keeps serving its new group, the second its old one', async () => {
  const regions = ['us-east-1', 'eu-west-1'] as const;
  const amis = await amisFor(regions, 'wave-2');
  const euBefore = await world('eu-west-1');
  healthyOnly = new Set(euBefore.groups.flatMap((g) => g.instances));
  sickRegion = 'eu-west-1';
  let run;
  try {
    run = await deployAsg({
      cluster: 'wave',
      regions: regions.join('\n'),
      amis: Object.entries(amis)
        .map(([r, a]) => `${r}: ${a}`)
        .join('\n'),
      'health-timeout': '5s',
    });
  } finally {
    sickRegion = undefined;
  }
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(
    /^eu-west-1 \(wave 2\): Timed out after \d+s waiting for wave-v001 to be healthy: 0\/1 instances healthy in wave-web\..* Done and serving the new AMI: us-east-1\.$/,
  );
  expect(run.outputs['failed-region']).toBe('eu-west-1');
  expect(JSON.parse(run.outputs['asg-names'] ?? '')).toEqual({ 'us-east-1': 'wave-v001' });
  expect(run.stdout).toContain(
    'Waves stopped at eu-west-1. us-east-1 keep serving the new AMI (not rolled back).',
  );
  expect(run.summary).toContain('> **Waves stopped** at eu-west-1 (wave 2)');
  expect(run.summary).toContain('| eu-west-1 | 2 |');

  // us-east-1: the new group serves, the previous one is disabled and kept warm: nothing was rolled back.
  const us = await world('us-east-1');
  expect(servingGroups(us).map((g) => [g.name, g.tags['immutable:ami']])).toEqual([
    ['wave-v001', amis['us-east-1']],
  ]);
  expect(us.groups.map((g) => g.name)).toEqual(['wave-v000', 'wave-v001']);
  // eu-west-1: as it was; the new group that never became healthy is gone, and so is the lock.
  const eu = await world('eu-west-1');
  expect(eu.groups.map((g) => g.name)).toEqual(['wave-v000']);
  expect(servingGroups(eu).map((g) => g.name)).toEqual(['wave-v000']);
  expect(eu.templates).not.toContain('immutable-lock/wave');
  expect(eu.templates.filter((t) => t.startsWith('wave-v'))).toEqual(['wave-v000']);
}, 240_000);

it('a failure in the first wave starts no other region', async () => {
  const regions = ['eu-west-1', 'ap-southeast-2'] as const;
  const amis = await amisFor(regions, 'wave-3');
  const apBefore = await snapshotWorld(fixtures['ap-southeast-2']);
  const euBefore = await world('eu-west-1');
  healthyOnly = new Set(euBefore.groups.flatMap((g) => g.instances));
  sickRegion = 'eu-west-1';
  let run;
  try {
    run = await deployAsg({
      cluster: 'wave',
      regions: regions.join(','),
      amis: JSON.stringify(amis),
      'health-timeout': '3s',
    });
  } finally {
    sickRegion = undefined;
  }
  expect(run.exitCode).toBe(1);
  expect(run.errors[0]).toMatch(/^eu-west-1 \(wave 1\): Timed out .* Not started: ap-southeast-2\.$/);
  expect(run.stdout).not.toContain('[ap-southeast-2] Step');
  expect(await snapshotWorld(fixtures['ap-southeast-2'])).toEqual(apBefore);
}, 240_000);

describe('refused in one line, with nothing changed in any region', () => {
  it.each([
    [{ regions: 'us-east-1, mars' }, /^Invalid regions "us-east-1, mars": expected region names/],
    [{ regions: 'us-east-1, us-east-1' }, /^Invalid regions "us-east-1, us-east-1": expected region names/],
    [
      { regions: 'us-east-1, eu-west-1', 'ami-id': 'ami-0123456789abcdef0' },
      /^Invalid ami-id .*one AMI per region/,
    ],
  ])('%p', async (inputs, message) => {
    const before = await snapshotAll();
    const run = await deployAsg({ cluster: 'wave', ...inputs });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(await snapshotAll()).toEqual(before);
  });

  it("an AMI that is not in its region, in the second wave's region: the first region is not touched either", async () => {
    const us = await makeAmi(fixtures['us-east-1'], 'wave-misplaced');
    const before = await snapshotAll();
    // The eu-west-1 entry holds a us-east-1 AMI id, as a hand-written map might.
    const run = await deployAsg({
      cluster: 'wave',
      regions: 'us-east-1, eu-west-1',
      amis: JSON.stringify({ 'us-east-1': us, 'eu-west-1': us }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      `eu-west-1: Invalid amis "${us}": expected an AMI that exists in eu-west-1.`,
    ]);
    expect(await snapshotAll()).toEqual(before);
  });

  it('a target group missing in a later region only', async () => {
    const amis = await amisFor(['us-east-1', 'ap-southeast-2'], 'wave-tg');
    await fixtures['us-east-1'].elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'only-in-us',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: nets['us-east-1'].vpcId,
        TargetType: 'instance',
      }),
    );
    const before = await snapshotAll();
    const run = await deployAsg({
      cluster: 'wave',
      regions: 'us-east-1, ap-southeast-2',
      amis: JSON.stringify(amis),
      'target-groups': 'wave-web, only-in-us',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors).toEqual([
      'ap-southeast-2: Invalid target-groups "only-in-us": expected a target group (name or ARN) in ap-southeast-2.',
    ]);
    expect(await snapshotAll()).toEqual(before);
  });
});
