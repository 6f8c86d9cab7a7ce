import { CreateLaunchTemplateCommand } from '@aws-sdk/client-ec2';
import {
  breakClusterLock,
  createAwsClients,
  describeLock,
  lockName,
  silentLogger,
  systemRuntime,
} from '@immutable-actions/core';
import {
  createAlarm,
  deployInProcess,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  skewedClockEnv,
  snapshotWorld,
  startAction,
  releaseHoldersAfterEach,
  startHealthGate,
  useMotoEnv,
  useSeededMoto,
  type ActionRun,
} from '@immutable-actions/test-support';

// The cluster lock under real concurrency, through the bundles: who holds it, how long, on whose clock.
const { moto, fixtures, net } = useSeededMoto();
// A short lease, so that a few seconds of deploy outlive several of them.
const LEASE = { IMMUTABLE_LOCK_LEASE_MS: '4000' };

// The holders a test started, each behind its health gate: let through and awaited after it, pass or fail.
const holders = releaseHoldersAfterEach();

/** The cluster a test starts from, deployed in this process: the bundle runs under test come after. */
async function seeded(cluster: string, extra: Record<string, string> = {}): Promise<void> {
  await deployInProcess(moto, {
    cluster,
    'ami-id': await makeAmi(fixtures, `${cluster}-0`),
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
    ...extra,
  });
}

/** Starts a deploy and answers once its log shows `marker` (by default: it holds the lock). */
const startDeploy = (
  cluster: string,
  inputs: Record<string, string>,
  env: Record<string, string | undefined>,
  marker = `Locked cluster ${cluster}`,
) =>
  startAction('deploy-asg', marker, {
    inputs: { cluster, ...inputs },
    env: { ...moto.env, ...LEASE, ...env },
  });

/**
 * A deploy holding the lock for as long as the test wants: it reaches AWS through a closed health gate, so its
 * new instances read `initial` and it waits in wait-healthy, renewing its lease, until `release()` opens the
 * gate once the other runs of the test found the lock held (each a bundle start, 8 s and more on a loaded
 * machine). `release()` answers the holder's run, which the gate held at least once.
 */
async function holding(
  cluster: string,
  env: Record<string, string | undefined>,
  inputs: Record<string, string> = {},
  marker?: string,
) {
  const gate = await startHealthGate({ moto });
  const { done } = await startDeploy(
    cluster,
    { 'ami-id': await makeAmi(fixtures, `${cluster}-held`), ...inputs },
    { ...env, AWS_ENDPOINT_URL: gate.endpoint },
    marker,
  );
  holders.push({ gate, done });
  return {
    release: async (): Promise<ActionRun> => {
      await gate.whenHeld();
      gate.open();
      const run = await done;
      expect(gate.heldAnswers()).toBeGreaterThan(0);
      return run;
    },
  };
}

const other = async (
  cluster: string,
  env: Record<string, string | undefined>,
  inputs: Record<string, string> = {},
) =>
  runAction('deploy-asg', {
    inputs: {
      cluster,
      'ami-id': await makeAmi(fixtures, `${cluster}-other`),
      'lock-timeout': '0',
      ...inputs,
    },
    env: { ...moto.env, ...LEASE, ...env },
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the cluster lock, through the bundles', () => {
  it('two jobs of one run (a matrix): the sibling never takes over, and fails at once naming the holder', async () => {
    const cluster = 'lock-matrix';
    await seeded(cluster);
    const job = { GITHUB_RUN_ID: '710', GITHUB_JOB: 'deploy', GITHUB_RUN_ATTEMPT: '1' };
    const first = await holding(cluster, job);
    const sibling = await other(cluster, job);
    expect(sibling.exitCode).toBe(1);
    expect(sibling.stdout).not.toContain('Taking over');
    expect(sibling.errors[0]).toMatch(
      /^Cluster lock-matrix is locked by acme\/shop#710\/deploy\/1\/[0-9a-f]{8} \(https:\/\/github\.com\/acme\/shop\/actions\/runs\/710\) until \S+: another deploy or rollback is running/,
    );
    const held = await first.release();
    expect(held.exitCode).toBe(0);
    expect(held.outputs['asg-name']).toBe(`${cluster}-v001`);
    expect(servingGroups(await readWorld(fixtures, cluster)).map((g) => g.name)).toEqual([`${cluster}-v001`]);
  });

  it('two users with one name (or none) are two holders', async () => {
    const cluster = 'lock-users';
    await seeded(cluster);
    const local = { GITHUB_RUN_ID: undefined, GITHUB_REPOSITORY: undefined, USER: 'ubuntu' };
    const first = await holding(cluster, local);
    const second = await other(cluster, local);
    expect(second.exitCode).toBe(1);
    expect(second.errors[0]).toMatch(
      /^Cluster lock-users is locked by local:ubuntu@[^/]+\/[0-9a-f]{8} until \S+:/,
    );
    const nameless = await other(cluster, {
      ...local,
      USER: undefined,
      USERNAME: undefined,
      LOGNAME: undefined,
    });
    expect(nameless.exitCode).toBe(1);
    expect(nameless.errors[0]).toContain('is locked by local:ubuntu@');
    expect((await first.release()).exitCode).toBe(0);
  });

  it('a rolling deploy outliving several leases keeps its lock: the heartbeat renews it', async () => {
    const cluster = 'lock-rolling';
    await seeded(cluster, { 'desired-capacity': '4', 'max-size': '4' });
    // Held in its first shift (25%) until the late run has found the lock held.
    const rolling = await holding(
      cluster,
      { GITHUB_RUN_ID: '720' },
      { strategy: 'rolling-red-black', percentages: '25,50,100' },
      'Shift 25%:',
    );
    // Past a lease of 4 s and its margin: without renewal the lock would be breakable now.
    await sleep(7_000);
    const late = await other(cluster, { GITHUB_RUN_ID: '721' });
    expect(late.exitCode).toBe(1);
    expect(late.stdout).not.toContain('Breaking');
    expect(late.errors[0]).toMatch(/^Cluster lock-rolling is locked by acme\/shop#720\/deploy\/1\//);
    const done = await rolling.release();
    expect(done.exitCode).toBe(0);
    expect(done.stdout).not.toContain('Lost the lock');
    expect(servingGroups(await readWorld(fixtures, cluster)).map((g) => g.name)).toEqual([`${cluster}-v001`]);
  });

  it('a runner clock 20 minutes fast (or slow) does not break a live lock: expiry is judged on AWS clock', async () => {
    const cluster = 'lock-skew';
    await seeded(cluster);
    const first = await holding(cluster, { GITHUB_RUN_ID: '730' });
    for (const skew of [20 * 60_000, -20 * 60_000]) {
      const skewed = await other(cluster, { GITHUB_RUN_ID: '731', ...skewedClockEnv(skew) });
      expect(skewed.stdout).not.toContain('Breaking');
      expect(skewed.exitCode).toBe(1);
      expect(skewed.errors[0]).toMatch(/^Cluster lock-skew is locked by acme\/shop#730\/deploy\/1\//);
    }
    const held = await first.release();
    expect(held.exitCode).toBe(0);
    expect(held.stdout).not.toContain('Lost the lock');
  });

  it('a holder whose lock is broken stops before its next change and changes nothing more', async () => {
    const cluster = 'lock-lost';
    await seeded(cluster);
    expect((await other(cluster, {})).exitCode).toBe(0);
    // What `immutable unlock` does, from another machine: its clients made and their SDK loaded while nothing
    // is locked yet, so that the break takes a fraction of the victim's bake.
    const restoreEnv = useMotoEnv(moto);
    const aws = createAwsClients({ maxAttempts: 1 });
    const breakDuringBake = async () => {
      expect(await describeLock(aws, cluster)).toBeUndefined();
      // v000 disabled, v001 serving: the next deploy (v002, max-groups 2) would delete v000 after its bake.
      // The lock is broken during that bake: delete-old, right after it, is the change it must not make.
      await createAlarm(fixtures, `${cluster}-quiet`, 'OK');
      const victim = await startDeploy(
        cluster,
        {
          'ami-id': await makeAmi(fixtures, `${cluster}-2`),
          'alarm-names': `${cluster}-quiet`,
          'bake-time': '4s',
        },
        { GITHUB_RUN_ID: '740' },
        'Step watch',
      );
      return { victim, broken: await breakClusterLock(aws, systemRuntime(silentLogger), cluster) };
    };
    const { victim, broken } = await breakDuringBake().finally(() => {
      aws.destroy();
      restoreEnv();
    });
    expect(broken?.owner).toMatch(/^acme\/shop#740\/deploy\/1\//);
    const before = await snapshotWorld(fixtures);
    const run = await victim.done;
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /^Lost the lock on cluster lock-lost: it was broken\. Stopped before the next change; nothing more was changed\./,
    );
    expect(run.stdout).not.toContain('Step delete-old');
    expect(await snapshotWorld(fixtures)).toEqual(before);
    expect((await readWorld(fixtures, cluster)).groups.map((g) => g.name).sort()).toEqual([
      `${cluster}-v000`,
      `${cluster}-v001`,
      `${cluster}-v002`,
    ]);
  });

  it('a holder whose lock is broken while it waits in wait-healthy changes nothing after the wait', async () => {
    const cluster = 'lock-wait';
    await seeded(cluster);
    expect((await other(cluster, {})).exitCode).toBe(0);
    const gate = await startHealthGate({ moto });
    const victim = await startDeploy(
      cluster,
      { 'ami-id': await makeAmi(fixtures, `${cluster}-2`) },
      { GITHUB_RUN_ID: '760', AWS_ENDPOINT_URL: gate.endpoint },
      'Step wait-healthy',
    );
    holders.push({ gate, done: victim.done });
    const restoreEnv = useMotoEnv(moto);
    const aws = createAwsClients({ maxAttempts: 1 });
    try {
      await breakClusterLock(aws, systemRuntime(silentLogger), cluster);
      expect(await describeLock(aws, cluster)).toBeUndefined();
    } finally {
      aws.destroy();
      restoreEnv();
    }
    // The new group, still pinned and `waiting`, must stay so: unpinning it is a change the lock must cover.
    await gate.whenHeld();
    const before = await snapshotWorld(fixtures);
    gate.open();
    const run = await victim.done;
    expect(gate.heldAnswers()).toBeGreaterThan(0);
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/lock/i);
    expect(await snapshotWorld(fixtures)).toEqual(before);
  });

  it('break-lock breaks a foreign lock on purpose, and the log says who held it', async () => {
    const cluster = 'lock-break';
    await seeded(cluster);
    const ec2 = fixtures.ec2;
    await ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: lockName(cluster),
        LaunchTemplateData: {},
        TagSpecifications: [
          {
            ResourceType: 'launch-template',
            Tags: [
              { Key: 'immutable:lock-owner', Value: 'acme/shop#750/deploy/1/deadbeef' },
              { Key: 'immutable:lock-expires', Value: new Date(Date.now() + 3_600_000).toISOString() },
            ],
          },
        ],
      }),
    );
    expect((await other(cluster, {})).exitCode).toBe(1);
    const breaking = await other(cluster, { GITHUB_RUN_ID: '751' }, { 'break-lock': 'true' });
    expect(breaking.exitCode).toBe(0);
    expect(breaking.stdout).toMatch(
      /::warning::.*Breaking the lock on lock-break on purpose \(break-lock\): it was held by acme\/shop#750\/deploy\/1\/deadbeef until /,
    );
    expect((await readWorld(fixtures, cluster)).templates).not.toContain(lockName(cluster));
  });

  it('a lock tag holding a workflow command is printed inert, on one line', async () => {
    const cluster = 'lock-inject';
    await seeded(cluster);
    await fixtures.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: lockName(cluster),
        LaunchTemplateData: {},
        TagSpecifications: [
          {
            ResourceType: 'launch-template',
            Tags: [
              { Key: 'immutable:lock-owner', Value: 'mallory\n::add-mask::x' },
              { Key: 'immutable:lock-run', Value: 'https://x\n::stop-commands::tok' },
              { Key: 'immutable:lock-expires', Value: new Date(Date.now() + 3_600_000).toISOString() },
            ],
          },
        ],
      }),
    );
    const waiting = await other(cluster, {}, { 'lock-timeout': '1s' });
    const failing = await other(cluster, {});
    for (const run of [waiting, failing]) {
      expect(run.exitCode).toBe(1);
      const lines = run.stdout.split(/\r?\n/);
      // No line of the log is a command the tag smuggled in.
      expect(lines.filter((l) => /^\s*::(add-mask|stop-commands)::/.test(l))).toEqual([]);
      expect(run.stdout).not.toContain('::add-mask::');
      expect(run.stdout).toContain('mallory\\n:\u200b:add-mask:\u200b:x');
    }
    expect(waiting.stdout).toMatch(/Waiting for cluster lock-inject: locked by mallory\\n/);
  });
});
