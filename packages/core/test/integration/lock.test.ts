import { CreateLaunchTemplateCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import {
  acquireClusterLock,
  breakClusterLock,
  createAwsClients,
  describeLock,
  lockName,
  runOwnerFrom,
  silentLogger,
  systemRuntime,
  TAGS,
  type AwsClients,
  type Logger,
} from '../../src';
import {
  fixtureClients,
  startFaultProxy,
  startMoto,
  useMotoEnv,
  type FaultProxy,
  type FixtureClients,
  type Moto,
} from '@immutable-actions/test-support';

// The lock's primitives against moto: atomic create, tags, CreateTime, and AWS's clock from the Date header.
let moto: Moto;
let restoreEnv: () => void;
let fixtures: FixtureClients;
let ahead: FaultProxy;
const made: AwsClients[] = [];

/** AWS clients; through `ahead`, AWS's clock reads 10 minutes later than the runner's. */
const clients = (endpoint?: string): AwsClients => {
  const aws = createAwsClients({ maxAttempts: 1, ...(endpoint ? { endpoint } : {}) });
  made.push(aws);
  return aws;
};

const owner = (job: string, attempt = 1) =>
  runOwnerFrom({
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '31',
    GITHUB_JOB: job,
    GITHUB_RUN_ATTEMPT: String(attempt),
  });

function recording(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const push = (m: string) => void lines.push(m);
  return { logger: { info: push, warn: (m) => push(`warning: ${m}`), debug: () => {} }, lines };
}

beforeAll(async () => {
  moto = await startMoto();
  restoreEnv = useMotoEnv(moto);
  fixtures = fixtureClients(moto);
  ahead = await startFaultProxy({ target: moto.endpoint, serverClockOffsetMs: 10 * 60_000 });
});

afterAll(async () => {
  for (const aws of made) aws.destroy();
  fixtures.destroy();
  await ahead.stop();
  restoreEnv();
  await moto.stop();
});

describe('the server clock', () => {
  it("reads AWS's clock from the Date header of each answer", async () => {
    const direct = clients();
    const shifted = clients(ahead.endpoint);
    expect(direct.serverClock.skewMs()).toBe(0);
    await direct.ec2.describeLaunchTemplates({});
    await shifted.ec2.describeLaunchTemplates({});
    // Whole seconds in the header: within a second (and the loopback's latency) of ours.
    expect(Math.abs(direct.serverClock.skewMs())).toBeLessThan(1_500);
    expect(Math.abs(shifted.serverClock.skewMs() - 10 * 60_000)).toBeLessThan(1_500);
    expect(Math.abs(shifted.serverClock.now() - (Date.now() + 10 * 60_000))).toBeLessThan(1_500);
  });
});

describe('the cluster lock on EC2', () => {
  it('one holder wins; a sibling of the same job fails naming it; a later attempt takes over', async () => {
    const aws = clients();
    const runtime = systemRuntime(silentLogger);
    const first = await acquireClusterLock(aws, runtime, {
      cluster: 'prim-a',
      owner: owner('deploy'),
      timeoutMs: 0,
    });
    await expect(
      acquireClusterLock(aws, runtime, { cluster: 'prim-a', owner: owner('deploy'), timeoutMs: 0 }),
    ).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringContaining('locked by acme/shop#31/deploy/1/'),
    });
    const later = await acquireClusterLock(aws, runtime, {
      cluster: 'prim-a',
      owner: owner('deploy', 2),
      timeoutMs: 0,
    });
    expect(later.tookOver).toBe(true);
    expect(later.templateId).toBe(first.templateId);
    await expect(first.assertHeld()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    await first.release();
    expect((await describeLock(aws, 'prim-a'))?.holder.attempt).toBe(2);
    await later.release();
    expect(await describeLock(aws, 'prim-a')).toBeUndefined();
  });

  it('the heartbeat renews the lease on EC2 until release', async () => {
    const aws = clients();
    await aws.ec2.describeLaunchTemplates({});
    const lock = await acquireClusterLock(aws, systemRuntime(silentLogger), {
      cluster: 'prim-beat',
      owner: owner('deploy'),
      timeoutMs: 0,
      leaseMs: 3_000,
    });
    const initial = Date.parse((await describeLock(aws, 'prim-beat'))?.holder.expires ?? '');
    // Two and a half leases: only the heartbeat (every 750 ms) can keep it.
    await new Promise((r) => setTimeout(r, 7_500));
    const renewed = Date.parse((await describeLock(aws, 'prim-beat'))?.holder.expires ?? '');
    expect(renewed).toBeGreaterThan(initial + 3_000);
    await lock.assertHeld();
    await lock.release();
    expect(await describeLock(aws, 'prim-beat')).toBeUndefined();
  });

  it("judges a lease's end on AWS's clock: a live lock looks expired only where AWS's clock is 10 minutes on", async () => {
    const runtime = systemRuntime(silentLogger);
    const held = await acquireClusterLock(clients(), runtime, {
      cluster: 'prim-clock',
      owner: owner('a'),
      timeoutMs: 0,
    });
    // A runner whose AWS answers tell the true time does not break it ...
    const direct = clients();
    await expect(
      acquireClusterLock(direct, runtime, { cluster: 'prim-clock', owner: owner('b'), timeoutMs: 0 }),
    ).rejects.toMatchObject({ code: 'LOCKED' });
    // ... and only where AWS's own clock has moved past the lease is it broken.
    const { logger, lines } = recording();
    const later = await acquireClusterLock(clients(ahead.endpoint), systemRuntime(logger), {
      cluster: 'prim-clock',
      owner: owner('c'),
      timeoutMs: 0,
    });
    expect(
      lines.some((l) => l.includes('Breaking the expired lock on prim-clock held by acme/shop#31/a/1/')),
    ).toBe(true);
    await expect(held.assertHeld()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    await held.release();
    await later.release();
  });

  it('an untagged lock template is held for a grace after its CreateTime, then broken', async () => {
    await fixtures.ec2.send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: lockName('prim-bare'), LaunchTemplateData: {} }),
    );
    const runtime = systemRuntime(silentLogger);
    await expect(
      acquireClusterLock(clients(), runtime, { cluster: 'prim-bare', owner: owner('a'), timeoutMs: 0 }),
    ).rejects.toMatchObject({
      code: 'LOCKED',
      message: expect.stringMatching(/^Cluster prim-bare is locked by an untagged lock made at \d{4}-/),
    });
    // Ten minutes later by AWS's clock: past twice the lease.
    const lock = await acquireClusterLock(clients(ahead.endpoint), runtime, {
      cluster: 'prim-bare',
      owner: owner('a'),
      timeoutMs: 0,
    });
    expect((await describeLock(clients(), 'prim-bare'))?.holder.owner).toMatch(/^acme\/shop#31\/a\/1\//);
    await lock.release();
  });

  it('breakClusterLock names the holder, sanitized; the holder then stops', async () => {
    const aws = clients();
    const held = await acquireClusterLock(aws, systemRuntime(silentLogger), {
      cluster: 'prim-evil',
      owner: { id: 'mallory\n::add-mask::x', run: 'https://x\r\n::warning::y' },
      timeoutMs: 0,
    });
    const stored = await fixtures.ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [lockName('prim-evil')] }),
    );
    // EC2 (and moto) keep any character in a tag.
    expect(stored.LaunchTemplates?.[0]?.Tags?.find((t) => t.Key === TAGS.lockOwner)?.Value).toBe(
      'mallory\n::add-mask::x',
    );
    const { logger, lines } = recording();
    const holder = await breakClusterLock(aws, systemRuntime(logger), 'prim-evil');
    expect(holder?.owner).toBe('mallory\n::add-mask::x');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('mallory\\n:\u200b:add-mask:\u200b:x');
    expect(lines[0]).not.toMatch(/[\r\n]|::/);
    await expect(held.assertHeld()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    await held.release();
  });
});
