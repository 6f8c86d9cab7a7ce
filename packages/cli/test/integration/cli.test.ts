import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  acquireClusterLock,
  describeLock,
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
  seedNetwork,
  startMoto,
  useMotoEnv,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';
import { cli } from '../run-cli';

// The CLI through main() against moto: the same core calls the actions make, printed for a person or as JSON.
const ROOT = join(__dirname, '..', '..', '..', '..');
const CLUSTER = 'clishop';
let moto: Moto;
let restoreEnv: () => void;
let fixtures: FixtureClients;
let net: SeededNetwork;
let amis: [string, string];

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  fixtures = fixtureClients(moto);
  net = await seedNetwork(fixtures, 'cli');
  amis = [await makeAmi(fixtures, 'cli-1'), await makeAmi(fixtures, 'cli-2')];
});

afterAll(async () => {
  fixtures?.destroy();
  restoreEnv?.();
  await moto?.stop();
});

type StatusJson = ClusterStatus;

async function statusJson(cluster = CLUSTER): Promise<StatusJson> {
  const result = await cli('status', '--cluster', cluster, '--json');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as StatusJson;
}

const TIMESTAMP = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] /m;

describe('immutable status', () => {
  it('an unknown cluster: one line, exit 1, with or without --json', async () => {
    const line =
      'immutable: Cluster nothing-here not found in us-east-1: no Auto Scaling group is named nothing-here-vNNN.\n';
    expect(await cli('status', '--cluster', 'nothing-here')).toEqual({ code: 1, stdout: '', stderr: line });
    expect(await cli('status', '--cluster', 'nothing-here', '--json')).toEqual({
      code: 1,
      stdout: '',
      stderr: line,
    });
  });

  it('names the lock holder while a deploy holds the lock', async () => {
    const aws: AwsClients = createAwsClients();
    try {
      const lock = await acquireClusterLock(aws, systemRuntime(silentLogger), {
        cluster: 'locked',
        owner: { id: 'acme/shop#77', run: 'https://github.com/acme/shop/actions/runs/77' },
        timeoutMs: 0,
      });
      const text = await cli('status', '--cluster', 'locked');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(
        /^lock: held by acme\/shop#77 \(https:\/\/github\.com\/acme\/shop\/actions\/runs\/77\) until \d{4}-/m,
      );
      const json = await statusJson('locked');
      expect(json.lock).toMatchObject({
        owner: 'acme/shop#77',
        run: 'https://github.com/acme/shop/actions/runs/77',
      });
      expect(json.groups).toEqual([]);
      expect(json.nextGroup).toBe('locked-v000');
      await lock.release();
      // No group and no lock: nothing is known of the cluster.
      expect((await cli('status', '--cluster', 'locked')).code).toBe(1);
    } finally {
      aws.destroy();
    }
  });

  it('unlock breaks the lock on purpose, saying who held it; the holder then finds it lost', async () => {
    const aws: AwsClients = createAwsClients();
    try {
      const lock = await acquireClusterLock(aws, systemRuntime(silentLogger), {
        cluster: 'stuck',
        owner: { id: 'acme/shop#78/deploy/1/0badf00d', run: 'https://github.com/acme/shop/actions/runs/78' },
        timeoutMs: 0,
      });
      const broke = await cli('unlock', '--cluster', 'stuck');
      expect(broke.code).toBe(0);
      expect(broke.stderr).toMatch(
        /^warning: \[\S+\] Broke the lock on cluster stuck: it was held by acme\/shop#78\/deploy\/1\/0badf00d \(https/,
      );
      expect(broke.stdout).toMatch(
        /^Unlocked stuck: the lock held by acme\/shop#78\/deploy\/1\/0badf00d .* is broken\.$/m,
      );
      // No group and no lock: status calls the cluster unknown, so look at the lock itself.
      expect(await describeLock(aws, 'stuck')).toBeUndefined();
      await expect(lock.assertHeld()).rejects.toMatchObject({ code: 'LOCK_LOST' });
      await lock.release();
      const again = await cli('unlock', '--cluster', 'stuck');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('stuck was not locked: nothing to do.');
    } finally {
      aws.destroy();
    }
  });
});

describe('immutable deploy and rollback', () => {
  const first = [
    '--launch-template',
    'cli-base',
    '--target-groups',
    'cli-web',
    '--desired-capacity',
    '2',
    '--max-size',
    '4',
  ];

  it('deploy --dry-run prints the plan and changes nothing', async () => {
    const before = await readWorld(fixtures, CLUSTER, net.targetGroupArn);
    const result = await cli('deploy', '--cluster', CLUSTER, '--ami-id', amis[0], ...first, '--dry-run');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(TIMESTAMP);
    expect(result.stdout).toContain(`Create ${CLUSTER}-v000 in cluster ${CLUSTER} with ${amis[0]}`);
    expect(result.stdout).toContain(`Dry run: would create ${CLUSTER}-v000; nothing was changed.`);
    expect(await readWorld(fixtures, CLUSTER, net.targetGroupArn)).toEqual(before);
    expect((await cli('status', '--cluster', CLUSTER)).code).toBe(1);
  });

  it('deploy, then a second deploy with --json, then rollback: the cluster as status shows it', async () => {
    const one = await cli('deploy', '--cluster', CLUSTER, '--ami-id', amis[0], ...first);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(TIMESTAMP);
    expect(one.stdout).toContain(`Deployed ${CLUSTER}-v000.`);

    const shown = await cli('status', '--cluster', CLUSTER);
    expect(shown.code).toBe(0);
    const [title, header, row] = shown.stdout.trimEnd().split('\n');
    expect(title).toBe(`cluster ${CLUSTER} (us-east-1)`);
    expect(header).toMatch(
      /^Group\s+State\s+AMI\s+Commit\s+Min\/Desired\/Max\s+Healthy\/Total\s+Age\s+Expires$/,
    );
    expect(row).toMatch(new RegExp(`^${CLUSTER}-v000\\s+serving\\s+${amis[0]}\\s+-\\s+1/2/4\\s+2/2\\s+\\d+`));
    expect(shown.stdout.trimEnd().split('\n').at(-1)).toBe('lock: free');

    // --json: the result alone on stdout (parseable), progress on stderr.
    const two = await cli('deploy', '--cluster', CLUSTER, '--ami-id', amis[1], '--json');
    expect(two.code).toBe(0);
    expect(two.stderr).toMatch(TIMESTAMP);
    const deployed = JSON.parse(two.stdout) as {
      outputs: Record<string, unknown>;
      rolledBack: unknown;
      cluster: { serving: string; groups: { group: string; state: string; ami: string }[] };
    };
    expect(deployed.outputs).toEqual({
      'asg-name': `${CLUSTER}-v001`,
      'previous-asg-name': `${CLUSTER}-v000`,
      'launch-template-id': expect.stringMatching(/^lt-/),
      'rolled-back': false,
      'ami-id': amis[1],
      amis: JSON.stringify({ 'us-east-1': amis[1] }),
      'asg-names': JSON.stringify({ 'us-east-1': `${CLUSTER}-v001` }),
      'failed-region': '',
    });
    expect(deployed.rolledBack).toBeNull();
    expect(deployed.cluster.serving).toBe(`${CLUSTER}-v001`);
    expect(deployed.cluster.groups.map((g) => [g.group, g.state, g.ami])).toEqual([
      [`${CLUSTER}-v000`, 'disabled', amis[0]],
      [`${CLUSTER}-v001`, 'serving', amis[1]],
    ]);

    const back = await cli('rollback', '--cluster', CLUSTER);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`Rolled back: ${CLUSTER}-v000 serves, ${CLUSTER}-v001 is disabled.`);

    const after = await statusJson();
    expect(after.serving).toBe(`${CLUSTER}-v000`);
    expect(after.groups.map((g) => [g.group, g.state, g.instances.healthy, g.instances.total])).toEqual([
      [`${CLUSTER}-v000`, 'serving', 2, 2],
      [`${CLUSTER}-v001`, 'disabled', 2, 2],
    ]);
    // What the world says, not only what the CLI prints: v000 alone is in the target group.
    const world = await readWorld(fixtures, CLUSTER, net.targetGroupArn);
    const v000 = world.groups.find((g) => g.name === `${CLUSTER}-v000`);
    expect(new Set(world.healthyTargets)).toEqual(new Set(v000?.instances));
  });

  it('a bad flag value fails with one line on stderr, exit 1, and changes nothing', async () => {
    const before = await readWorld(fixtures, CLUSTER, net.targetGroupArn);
    const result = await cli('deploy', '--cluster', CLUSTER, '--ami-id', amis[1], '--max-groups', '1');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('immutable: Invalid max-groups "1": expected a whole number from 2 to 100.\n');
    expect(await readWorld(fixtures, CLUSTER, net.targetGroupArn)).toEqual(before);
  });

  it('an AMI that does not exist fails in one line, exit 1', async () => {
    const result = await cli('deploy', '--cluster', CLUSTER, '--ami-id', 'ami-0000000000000dead');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(/^immutable: .*ami-0000000000000dead/),
      '',
    ]);
  });
});

describe('bin/immutable.js as a process', () => {
  it('node packages/cli/bin/immutable.js status --cluster <cluster>', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['packages/cli/bin/immutable.js', 'status', '--cluster', CLUSTER],
      { cwd: ROOT, env: { ...process.env, ...moto.env } },
    );
    expect(stdout).toMatch(new RegExp(`^cluster ${CLUSTER} \\(us-east-1\\)\n`));
    expect(stdout).toMatch(/\nlock: free\n$/);
    expect(stderr).toBe('');
  });

  it('exits 2 on a usage error and 1 on a bad value', async () => {
    const bin = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['packages/cli/bin/immutable.js', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...moto.env },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    expect(await bin('status', '--cluser', 'x')).toEqual({
      code: 2,
      stderr:
        "immutable: Unknown option '--cluser'\nUsage: immutable status --cluster <value> [flags] (immutable status --help)\n",
    });
    expect(await bin('status', '--cluster', 'bad name')).toEqual({
      code: 1,
      stderr: expect.stringMatching(/^immutable: Invalid cluster "bad name": [^\n]*\n$/),
    });
  });
});
