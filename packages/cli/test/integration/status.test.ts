import { AttachLoadBalancersCommand, SuspendProcessesCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import {
  acquireClusterLock,
  clusterStatus,
  createAwsClients,
  silentLogger,
  systemRuntime,
  type AwsClients,
  type ClusterStatus,
} from '@immutable-actions/core';
import {
  fixtureClients,
  makeAmi,
  readWorld,
  resizeGroup,
  seedNetwork,
  snapshotWorld,
  startMoto,
  useMotoEnv,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';
import { cli } from '../run-cli';

// `immutable status` as Asgard's cluster page, and the cluster verbs, through main() against moto.
const C = 'stat';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const RUN = 'https://github.com/acme/shop/actions/runs/42';
let moto: Moto;
let restoreEnv: () => void;
let fixtures: FixtureClients;
let net: SeededNetwork;
let amis: [string, string];
let status: ClusterStatus;
let text: string;

const group = (name: string) => {
  const found = status.groups.find((g) => g.group === name);
  if (!found) throw new Error(`status has no ${name}`);
  return found;
};

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures, 'st');
  amis = [await makeAmi(fixtures, 'st-1'), await makeAmi(fixtures, 'st-2')];
  // The first AMI carries bake-ami's provenance tags; the second was made by hand and has none.
  await fixtures.ec2.send(
    new CreateTagsCommand({
      Resources: [amis[0]],
      Tags: [
        { Key: 'immutable:commit', Value: COMMIT },
        { Key: 'immutable:run-url', Value: RUN },
        { Key: 'immutable:repository', Value: 'acme/shop' },
      ],
    }),
  );
  const first = await cli(
    'deploy',
    ...['--cluster', C, '--ami-id', amis[0], '--launch-template', net.baseTemplateName],
    ...['--target-groups', net.targetGroupName, '--desired-capacity', '2', '--max-size', '4'],
  );
  expect(first.code).toBe(0);
  const second = await cli('deploy', '--cluster', C, '--ami-id', amis[1], '--disabled-ttl', '2h');
  expect(second.code).toBe(0);
  // A real classic ELB: disabling the group later detaches it and deregisters its instances.
  await fixtures.elb.send(
    new CreateLoadBalancerCommand({
      LoadBalancerName: 'st-classic',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 8080 }],
      Subnets: net.subnetIds,
    }),
  );
  await fixtures.autoScaling.send(
    new AttachLoadBalancersCommand({ AutoScalingGroupName: `${C}-v001`, LoadBalancerNames: ['st-classic'] }),
  );
  const json = await cli('status', '--cluster', C, '--json');
  expect(json.code).toBe(0);
  expect(json.stderr).toBe('');
  status = JSON.parse(json.stdout) as ClusterStatus;
  const shown = await cli('status', '--cluster', C);
  expect(shown.code).toBe(0);
  text = shown.stdout;
}, 120_000);

afterAll(async () => {
  fixtures?.destroy();
  restoreEnv?.();
  await moto?.stop();
});

describe('immutable status: each field', () => {
  it('the groups, their states and the serving group', () => {
    expect(status.serving).toBe(`${C}-v001`);
    expect(status.groups.map((g) => [g.group, g.state, g.ami])).toEqual([
      [`${C}-v000`, 'disabled', amis[0]],
      [`${C}-v001`, 'serving', amis[1]],
    ]);
    expect(text).toMatch(
      /^Group\s+State\s+AMI\s+Commit\s+Min\/Desired\/Max\s+Healthy\/Total\s+Age\s+Expires$/m,
    );
  });

  it("the AMI's commit and run, from the bake tags (none for an AMI without them)", () => {
    expect(group(`${C}-v000`).image).toEqual({
      name: 'st-1',
      bakeHash: null,
      commit: COMMIT,
      ref: null,
      repository: 'acme/shop',
      runUrl: RUN,
    });
    expect(group(`${C}-v001`).image).toMatchObject({ name: 'st-2', commit: null, runUrl: null });
    expect(text).toContain(`  image: ${amis[0]} st-1, commit ${COMMIT} of acme/shop, run ${RUN}`);
    expect(text).toContain(`  image: ${amis[1]} st-2 (no bake tags)`);
    expect(text).toMatch(new RegExp(`^${C}-v000\\s+disabled\\s+${amis[0]}\\s+0123456\\s`, 'm'));
  });

  it('its target groups and classic ELBs', () => {
    expect(group(`${C}-v001`).targetGroups).toEqual([{ arn: net.targetGroupArn, name: 'st-web' }]);
    expect(group(`${C}-v001`).loadBalancers).toEqual(['st-classic']);
    expect(group(`${C}-v000`).targetGroups).toEqual([]);
    expect(group(`${C}-v000`).loadBalancers).toEqual([]);
    expect(text).toContain('  target groups: st-web; classic ELBs: st-classic');
    expect(text).toContain('  target groups: none; classic ELBs: none');
  });

  it('its instances by lifecycle state and health, as numbers', () => {
    for (const name of [`${C}-v000`, `${C}-v001`]) {
      expect(group(name).instances).toEqual({
        total: 2,
        healthy: 2,
        byLifecycleState: { InService: 2 },
        byHealthStatus: { Healthy: 2 },
      });
    }
    expect(group(`${C}-v001`).capacity).toEqual({ min: 1, desired: 2, max: 4 });
    expect(typeof group(`${C}-v001`).ageSeconds).toBe('number');
    expect(text).toContain('  instances: 2 InService; 2 Healthy');
  });

  it('its suspended processes', () => {
    expect(group(`${C}-v000`).suspendedProcesses.sort()).toEqual(
      ['AZRebalance', 'AddToLoadBalancer', 'Launch', 'Terminate'].sort(),
    );
    expect(group(`${C}-v001`).suspendedProcesses).toEqual([]);
    expect(text).toMatch(/^ {2}suspended: (Launch|Terminate|AddToLoadBalancer|AZRebalance)(, \w+){3}$/m);
    expect(text).toContain('  suspended: none');
  });

  it('when a disabled group expires', () => {
    const v000 = group(`${C}-v000`);
    expect(v000.disabledAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Date.parse(v000.expiresAt ?? '') - Date.parse(v000.disabledAt ?? '')).toBe(2 * 3600_000);
    expect(v000.expiresInSeconds).toBeGreaterThan(7000);
    expect(v000.expiresInSeconds).toBeLessThanOrEqual(7200);
    expect(group(`${C}-v001`).expiresAt).toBeNull();
    expect(text).toMatch(/expires \d{4}-\S+ \(in (119m\d+s|2h)\)/);
  });

  it("the cluster's next group and a suggested next step", () => {
    expect(status.nextGroup).toBe(`${C}-v002`);
    expect(status.nextStep).toBe(
      `deploy a new AMI (creates ${C}-v002): immutable deploy --cluster ${C} --ami-id <ami>; or roll back to ${C}-v000: immutable rollback --cluster ${C}`,
    );
    expect(text).toContain(`next group: ${C}-v002`);
    expect(text).toContain(`next step: ${status.nextStep}`);
    expect(status.lock).toBeNull();
    expect(text.trimEnd().split('\n').at(-1)).toBe('lock: free');
  });

  it('an unknown cluster exits 1 with one line; so does an invalid name', async () => {
    expect(await cli('status', '--cluster', 'nothing-here')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'immutable: Cluster nothing-here not found in us-east-1: no Auto Scaling group is named nothing-here-vNNN.\n',
    });
    const bad = await cli('status', '--cluster', 'bad name');
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')).toEqual([
      expect.stringMatching(/^immutable: Invalid cluster "bad name"/),
      '',
    ]);
  });

  it('keeps its AWS calls flat: the same few calls for 2 instances or 6', async () => {
    const counted = async (): Promise<number> => {
      const aws = createAwsClients();
      let calls = 0;
      const count = <T extends object>(api: T): T =>
        new Proxy(api, {
          get: (target, key) => {
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function'
              ? (...args: unknown[]) => {
                  calls++;
                  return (value as (...a: unknown[]) => unknown).apply(target, args);
                }
              : value;
          },
        });
      const wrapped = { ...aws, autoScaling: count(aws.autoScaling), ec2: count(aws.ec2) } as AwsClients;
      try {
        await clusterStatus(wrapped, C, Date.now());
      } finally {
        aws.destroy();
      }
      return calls;
    };
    const small = await counted();
    await resizeGroup(fixtures, `${C}-v001`, { min: 1, desired: 6, max: 6 });
    expect((await readWorld(fixtures, C)).groups.find((g) => g.name === `${C}-v001`)?.instances).toHaveLength(
      6,
    );
    const large = await counted();
    await resizeGroup(fixtures, `${C}-v001`, { min: 1, desired: 2, max: 4 });
    // One listing of the groups, one look at the lock, one DescribeImages for both AMIs.
    expect(small).toBe(3);
    expect(large).toBe(small);
  });
});

describe("Asgard's cluster verbs: enable, disable, resize, delete --group", () => {
  const v000 = `${C}-v000`;
  const v001 = `${C}-v001`;

  /** A refused verb: exit 1, one line on stderr, and the world exactly as before. */
  async function refused(argv: string[], line: string | RegExp): Promise<void> {
    const before = await snapshotWorld(fixtures);
    const result = await cli(...argv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      typeof line === 'string' ? `immutable: ${line}` : expect.stringMatching(line),
      '',
    ]);
    expect(await snapshotWorld(fixtures)).toEqual(before);
  }

  it('refuses to disable the last serving group', async () => {
    await refused(
      ['disable', '--group', v001],
      `Refusing to disable ${v001}: it is the last group serving ${C}; deploy or enable another group first.`,
    );
  });

  it('refuses to delete a serving group', async () => {
    await refused(
      ['delete', '--group', v001],
      `Refusing to delete ${v001}: it serves ${C}; disable it first (immutable disable --group ${v001}).`,
    );
  });

  it('resize validates min ≤ desired ≤ max, over what it is given and what the group has', async () => {
    await refused(
      ['resize', '--group', v001, '--min-size', '3', '--desired-capacity', '2'],
      'Invalid desired-capacity "2": expected min ≤ desired ≤ max (given 3/2/-).',
    );
    await refused(
      ['resize', '--group', v001, '--desired-capacity', '5'],
      'Invalid desired-capacity "5": expected min ≤ desired ≤ max (would be 1/5/4).',
    );
    await refused(
      ['resize', '--group', v001, '--desired-capacity', 'lots'],
      'Invalid desired-capacity "lots": expected a whole number from 0 to 10000.',
    );
    await refused(
      ['resize', '--group', v001],
      'Invalid desired-capacity "": expected at least one of min-size, desired-capacity, max-size.',
    );
    await refused(
      ['resize', '--group', v001, '--min-size', '0', '--desired-capacity', '0'],
      `Refusing to resize ${v001}: it is the last group serving ${C}, and 0 instances would serve nothing.`,
    );
  });

  it('refuses a name that is no group, and a group that does not exist', async () => {
    await refused(
      ['enable', '--group', 'stat'],
      'Invalid group "stat": expected a group name <cluster>-vNNN, such as shop-web-v003.',
    );
    await refused(['enable', '--group', `${C}-v007`], `Group ${C}-v007 not found in us-east-1.`);
  });

  it('refuses while another run holds the cluster lock, naming it', async () => {
    const aws = createAwsClients();
    try {
      const lock = await acquireClusterLock(aws, systemRuntime(silentLogger), {
        cluster: C,
        owner: { id: 'acme/shop#9' },
        timeoutMs: 0,
      });
      try {
        await refused(
          ['resize', '--group', v000, '--desired-capacity', '3'],
          /^immutable: Cluster stat is locked by acme\/shop#9/,
        );
      } finally {
        await lock.release();
      }
    } finally {
      aws.destroy();
    }
  });

  it('resizes a disabled group (its launches resumed, still out of traffic)', async () => {
    const result = await cli('resize', '--group', v000, '--desired-capacity', '3');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Resized ${v000} from 1/2/4 to 1/3/4 (min/desired/max).`);
    const world = await readWorld(fixtures, C, net.targetGroupArn);
    const g = world.groups.find((x) => x.name === v000);
    expect(g?.instances).toHaveLength(3);
    expect(g?.targetGroups).toEqual([]);
    expect(g?.suspended).toContain('AddToLoadBalancer');
    // Repeating it changes nothing.
    const again = await cli('resize', '--group', v000, '--desired-capacity', '3');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`${v000} already is 1/3/4: nothing to do.`);
  });

  it('enables a disabled group once healthy: both serve', async () => {
    const result = await cli('enable', '--group', v000, '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { changed: boolean; status: ClusterStatus };
    expect(json.changed).toBe(true);
    expect(json.status.groups.map((g) => [g.group, g.state])).toEqual([
      [v000, 'serving'],
      [v001, 'serving'],
    ]);
    const world = await readWorld(fixtures, C, net.targetGroupArn);
    const ids = world.groups.flatMap((g) => g.instances);
    expect(new Set(world.healthyTargets.filter((id) => ids.includes(id)))).toEqual(new Set(ids));
  });

  it('then disables the other, and deletes it once it no longer serves', async () => {
    const off = await cli('disable', '--group', v001);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain(`Disabled ${v001}: out of traffic, instances kept warm.`);
    let world = await readWorld(fixtures, C, net.targetGroupArn);
    expect(world.groups.find((g) => g.name === v001)?.targetGroups).toEqual([]);
    const v000ids = world.groups.find((g) => g.name === v000)?.instances ?? [];
    const v001ids = world.groups.find((g) => g.name === v001)?.instances ?? [];
    // (moto leaves instances terminated by the earlier scale-in registered: look only at the groups' own.)
    const healthyOf = (ids: string[]) => world.healthyTargets.filter((id) => ids.includes(id));
    expect(new Set(healthyOf(v000ids))).toEqual(new Set(v000ids));
    expect(healthyOf(v001ids)).toEqual([]);

    const gone = await cli('delete', '--group', v001);
    expect(gone.code).toBe(0);
    expect(gone.stdout).toContain(`Deleted ${v001}.`);
    world = await readWorld(fixtures, C, net.targetGroupArn);
    expect(world.groups.map((g) => g.name)).toEqual([v000]);
    expect(world.healthyTargets.filter((id) => v001ids.includes(id))).toEqual([]);
    // The lock was released each time.
    expect((await cli('status', '--cluster', C, '--json')).stdout).toContain('"lock": null');
  });
  it('refuses to delete the last group that served while nothing serves (a person disabled it by hand)', async () => {
    await fixtures.autoScaling.send(
      new SuspendProcessesCommand({ AutoScalingGroupName: v000, ScalingProcesses: ['AddToLoadBalancer'] }),
    );
    const shown = JSON.parse((await cli('status', '--cluster', C, '--json')).stdout) as ClusterStatus;
    expect(shown.serving).toBeNull();
    expect(shown.nextStep).toBe(`nothing serves: immutable enable --group ${v000}`);
    await refused(
      ['delete', '--group', v000],
      `Refusing to delete ${v000}: no other group of ${C} serves, and it is the last one that did; enable another first.`,
    );
  });
});
