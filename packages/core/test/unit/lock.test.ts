import {
  acquireClusterLock,
  breakClusterLock,
  DEFAULT_LEASE_MS,
  LEASE_ENV,
  leaseFromEnv,
  lockName,
  type LockOwner,
} from '../../src/cluster/lock';
import { TAGS } from '../../src/cluster/tags';
import { ImmutableError } from '../../src/errors';
import { runOwnerFrom } from '../../src/run';
import { fakeRuntime, type FakeRuntime } from '@immutable-actions/test-support';

const LEASE = 120_000;

interface Template {
  id: string;
  tags: Map<string, string>;
  created: number;
}

/**
 * EC2's launch templates as far as the lock uses them, with AWS's clock apart from the runners' clocks:
 * each runner's view of it is its own clock plus the skew its Date headers told it.
 */
function fakeAws(awsNow: () => number) {
  const templates = new Map<string, Template>();
  let seq = 0;
  const calls: string[] = [];
  const failNext: { createTags?: Error } = {};
  const ec2 = {
    createLaunchTemplate: async (input: {
      LaunchTemplateName?: string;
      TagSpecifications?: { Tags?: { Key?: string; Value?: string }[] }[];
    }) => {
      calls.push('CreateLaunchTemplate');
      const name = input.LaunchTemplateName ?? '';
      if (templates.has(name)) {
        const error = new Error('Launch template name already in use.');
        error.name = 'InvalidLaunchTemplateName.AlreadyExistsException';
        throw error;
      }
      const tags = new Map<string, string>();
      for (const t of input.TagSpecifications?.[0]?.Tags ?? []) tags.set(t.Key ?? '', t.Value ?? '');
      const template = { id: `lt-${String(++seq).padStart(17, '0')}`, tags, created: awsNow() };
      templates.set(name, template);
      return { LaunchTemplate: { LaunchTemplateId: template.id } };
    },
    describeLaunchTemplates: async (input: {
      LaunchTemplateNames?: string[];
      Filters?: { Name?: string; Values?: string[] }[];
    }) => {
      calls.push('DescribeLaunchTemplates');
      const name = input.LaunchTemplateNames?.[0] ?? '';
      const template = templates.get(name);
      if (!template) {
        const error = new Error(
          `At least one of the launch templates specified in the request does not exist.`,
        );
        error.name = 'InvalidLaunchTemplateName.NotFoundException';
        throw error;
      }
      // Tag filters match the tags as they are now, as EC2's do.
      const matches = (input.Filters ?? []).every(
        (f) => !f.Name?.startsWith('tag:') || f.Values?.includes(template.tags.get(f.Name.slice(4)) ?? ''),
      );
      if (!matches) return { LaunchTemplates: [] };
      return {
        LaunchTemplates: [
          {
            LaunchTemplateId: template.id,
            LaunchTemplateName: name,
            CreateTime: new Date(template.created),
            Tags: [...template.tags].map(([Key, Value]) => ({ Key, Value })),
          },
        ],
      };
    },
    describeTags: async (input: { Filters?: { Name?: string; Values?: string[] }[] }) => {
      calls.push('DescribeTags');
      const id = input.Filters?.find((f) => f.Name === 'resource-id')?.Values?.[0];
      const template = [...templates.values()].find((t) => t.id === id);
      return {
        Tags: [...(template?.tags ?? [])].map(([Key, Value]) => ({ Key, Value, ResourceId: id })),
      };
    },
    createTags: async (input: { Resources?: string[]; Tags?: { Key?: string; Value?: string }[] }) => {
      calls.push('CreateTags');
      if (failNext.createTags) {
        const error = failNext.createTags;
        delete failNext.createTags;
        throw error;
      }
      for (const template of templates.values()) {
        if (input.Resources?.includes(template.id))
          for (const t of input.Tags ?? []) template.tags.set(t.Key ?? '', t.Value ?? '');
      }
      return {};
    },
    deleteLaunchTemplate: async (input: { LaunchTemplateId?: string }) => {
      calls.push('DeleteLaunchTemplate');
      for (const [name, template] of templates)
        if (template.id === input.LaunchTemplateId) templates.delete(name);
      return {};
    },
  };
  return { ec2, templates, calls, failNext };
}

type World = ReturnType<typeof fakeAws>;

/** A runner: its own runtime (clock, timers) and its AWS clients, whose server clock follows AWS's. */
function runner(world: World, runtime: FakeRuntime, skewMs: number) {
  return {
    runtime,
    aws: {
      ec2: world.ec2 as never,
      serverClock: { now: () => runtime.clock.now() + skewMs, skewMs: () => skewMs },
    },
  };
}

const owner = (attempt: number, processId: string, job = 'deploy'): LockOwner =>
  runOwnerFrom(
    {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '900',
      GITHUB_JOB: job,
      GITHUB_RUN_ATTEMPT: String(attempt),
    },
    { processId },
  );

function setup() {
  const runtime = fakeRuntime();
  const world = fakeAws(() => runtime.clock.now());
  return { runtime, world, a: runner(world, runtime, 0) };
}

async function lockedError(promise: Promise<unknown>): Promise<ImmutableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImmutableError);
  return error as ImmutableError;
}

describe('who holds a lock', () => {
  it('is one holder: run, job, attempt and a random id per process; never a bare local:user', () => {
    const env = {
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_RUN_ID: '900',
      GITHUB_JOB: 'deploy',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_SERVER_URL: 'https://github.com',
    };
    expect(runOwnerFrom(env, { processId: 'ab12cd34' })).toEqual({
      id: 'acme/shop#900/deploy/2/ab12cd34',
      job: 'acme/shop#900/deploy',
      attempt: 2,
      run: 'https://github.com/acme/shop/actions/runs/900',
    });
    // Two matrix legs of one job: same run, job and attempt, different holders.
    expect(runOwnerFrom(env).id).not.toBe(runOwnerFrom(env).id);
    expect(runOwnerFrom({ USER: 'ubuntu' }, { processId: 'p1', host: 'laptop-a' }).id).toBe(
      'local:ubuntu@laptop-a/p1',
    );
    const noUser = runOwnerFrom({}, { host: 'ci-box' }).id;
    expect(noUser).toMatch(/^local:[^@]+@ci-box\/[0-9a-f]{8}$/);
    expect(noUser).not.toMatch(/^local:user$/);
    expect(runOwnerFrom({ USER: 'ubuntu' }).id).not.toBe(runOwnerFrom({ USER: 'ubuntu' }).id);
  });
});

describe('acquireClusterLock', () => {
  it('records the holder, its job and attempt, and a lease on AWS clock', async () => {
    const { runtime, world, a } = setup();
    const lock = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    const tags = world.templates.get(lockName('shop'))?.tags;
    expect(Object.fromEntries(tags ?? [])).toEqual({
      [TAGS.lockOwner]: 'acme/shop#900/deploy/1/aaaa',
      [TAGS.lockJob]: 'acme/shop#900/deploy',
      [TAGS.lockAttempt]: '1',
      [TAGS.lockRun]: 'https://github.com/acme/shop/actions/runs/900',
      [TAGS.lockExpires]: new Date(runtime.clock.now() + LEASE).toISOString(),
      [TAGS.cluster]: 'shop',
    });
    await lock.release();
    expect(world.templates.size).toBe(0);
  });

  it('a sibling (same run, job and attempt; another process) never takes over: it fails at once, naming the holder', async () => {
    const { runtime, world, a } = setup();
    await acquireClusterLock(a.aws, runtime, { cluster: 'shop', owner: owner(1, 'aaaa'), timeoutMs: 0 });
    const error = await lockedError(
      acquireClusterLock(a.aws, fakeRuntime({ start: runtime.clock.now() }), {
        cluster: 'shop',
        owner: owner(1, 'bbbb'),
        timeoutMs: 0,
      }),
    );
    expect(error.code).toBe('LOCKED');
    expect(error.message).toMatch(
      /^Cluster shop is locked by acme\/shop#900\/deploy\/1\/aaaa \(https:\/\/github\.com\/acme\/shop\/actions\/runs\/900\) until \S+: another deploy or rollback is running/,
    );
    // Another job of the run fails the same way.
    expect(
      (
        await lockedError(
          acquireClusterLock(a.aws, runtime, {
            cluster: 'shop',
            owner: owner(1, 'cccc', 'deploy-eu'),
            timeoutMs: 0,
          }),
        )
      ).code,
    ).toBe('LOCKED');
    expect(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockOwner)).toBe(
      'acme/shop#900/deploy/1/aaaa',
    );
  });

  it('a waiter on a shortened lease looks again within an eighth of it: it gets the lock soon after the release', async () => {
    const { runtime, world, a } = setup();
    const first = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
      leaseMs: 4_000,
    });
    runtime.schedule(9_000, () => first.release());
    const started = runtime.clock.now();
    const second = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'bbbb'),
      timeoutMs: 60_000,
      leaseMs: 4_000,
    });
    // Over two leases held (renewed by its heartbeat), then at most 500 ms to see it gone (10 s later at
    // the default lease's 2 to 15 s).
    const waited = runtime.clock.now() - started;
    expect(waited).toBeGreaterThanOrEqual(9_000);
    expect(waited).toBeLessThanOrEqual(9_500);
    expect(runtime.lines.some((l) => l.includes('Breaking'))).toBe(false);
    expect(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockOwner)).toBe(
      'acme/shop#900/deploy/1/bbbb',
    );
    await second.release();
  });

  it('a sibling with a lock-timeout waits while the heartbeat keeps the lease, and gets the lock once released', async () => {
    const { runtime, world, a } = setup();
    const first = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    // One fake timeline: the sibling's poll sleeps fire the holder's heartbeats, then its release at 10 minutes.
    const heldAt9: Promise<void>[] = [];
    runtime.schedule(9 * 60_000, () => void heldAt9.push(first.assertHeld()));
    runtime.schedule(10 * 60_000, () => first.release());
    const started = runtime.clock.now();
    const second = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'bbbb'),
      timeoutMs: 30 * 60_000,
    });
    // Five leases went by: the holder was alive, so nobody broke its lock; the sibling got it after the release.
    await expect(heldAt9[0]).resolves.toBeUndefined();
    expect(runtime.clock.now() - started).toBeGreaterThanOrEqual(10 * 60_000);
    expect(runtime.lines.some((l) => l.includes('Breaking'))).toBe(false);
    expect(runtime.lines).toContainEqual(
      expect.stringMatching(/^Waiting for cluster shop: locked by acme\/shop#900\/deploy\/1\/aaaa \(https/),
    );
    expect(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockOwner)).toBe(
      'acme/shop#900/deploy/1/bbbb',
    );
    await second.release();
  });

  it('a later attempt of the same job takes over at once; the earlier handle then finds its lock lost', async () => {
    const { runtime, world, a } = setup();
    const earlier = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    const later = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(2, 'bbbb'),
      timeoutMs: 0,
    });
    expect(later.tookOver).toBe(true);
    expect(runtime.lines).toContain(
      `Taking over the lock on shop from acme/shop#900/deploy/1/aaaa (https://github.com/acme/shop/actions/runs/900) until ${new Date(runtime.clock.now() + LEASE).toISOString()}: an earlier attempt of this job, which GitHub ended before this re-run`,
    );
    expect(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockAttempt)).toBe('2');
    const lost = await lockedError(earlier.assertHeld());
    expect(lost.code).toBe('LOCK_LOST');
    expect(lost.message).toMatch(
      /^Lost the lock on cluster shop: it is now held by acme\/shop#900\/deploy\/2\/bbbb/,
    );
    // The earlier handle's release leaves the new holder's lock alone.
    await earlier.release();
    expect(world.templates.size).toBe(1);
    await later.assertHeld();
    // And an earlier attempt never takes over a later one's.
    expect(
      (
        await lockedError(
          acquireClusterLock(a.aws, runtime, { cluster: 'shop', owner: owner(1, 'cccc'), timeoutMs: 0 }),
        )
      ).code,
    ).toBe('LOCKED');
  });

  it('renews the lease while the holder lives and stops renewing on release', async () => {
    const { runtime, world, a } = setup();
    const lock = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    // A 25-minute bake: the holder sleeps, and the heartbeat fires every quarter lease.
    await runtime.sleep(25 * 60_000);
    const expires = Date.parse(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockExpires) ?? '');
    expect(expires).toBeGreaterThan(runtime.clock.now());
    expect(expires - runtime.clock.now()).toBeGreaterThanOrEqual(LEASE - LEASE / 4);
    expect(world.calls.filter((c) => c === 'CreateTags')).toHaveLength(50);
    // A sibling still cannot break it.
    const sibling = fakeRuntime({ start: runtime.clock.now() });
    expect(
      (
        await lockedError(
          acquireClusterLock(runner(world, sibling, 0).aws, sibling, {
            cluster: 'shop',
            owner: owner(1, 'bbbb'),
            timeoutMs: 0,
          }),
        )
      ).code,
    ).toBe('LOCKED');
    await lock.assertHeld();
    await lock.release();
    expect(runtime.pendingTimers()).toBe(0);
    const before = world.calls.length;
    await runtime.sleep(10 * 60_000);
    expect(world.calls.length).toBe(before);
  });

  it('checks a held lock with one read before each change, and releases it with one read and a delete', async () => {
    const { runtime, world, a } = setup();
    const lock = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    // The look for the new lock is under way as acquire returns; the first check waits for it and takes
    // it as its proof, so it costs no read of its own.
    expect(world.calls).toEqual(['CreateLaunchTemplate', 'DescribeLaunchTemplates']);
    world.calls.length = 0;
    await lock.assertHeld();
    expect(world.calls).toEqual([]);
    await lock.assertHeld();
    await lock.assertHeld();
    expect(world.calls).toEqual(['DescribeLaunchTemplates', 'DescribeLaunchTemplates']);
    world.calls.length = 0;
    await lock.release();
    expect(world.calls).toEqual(['DescribeLaunchTemplates', 'DeleteLaunchTemplate']);
    expect(world.templates.size).toBe(0);
  });

  it('a renewal that fails once (throttled) keeps the lease: the next beat renews it', async () => {
    const { runtime, world, a } = setup();
    const lock = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    world.failNext.createTags = Object.assign(new Error('Rate exceeded'), { name: 'RequestLimitExceeded' });
    await runtime.sleep(LEASE / 4);
    await runtime.sleep(LEASE / 4);
    await lock.assertHeld();
    expect(Date.parse(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockExpires) ?? '')).toBe(
      runtime.clock.now() + LEASE,
    );
    await lock.release();
  });

  it('a holder that stalled past its lease is broken by the next one, and stops: LOCK_LOST', async () => {
    const { runtime, world, a } = setup();
    const stalled = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    // Frozen for three minutes: no heartbeat ran.
    runtime.advance(3 * 60_000);
    await expect(stalled.assertHeld()).rejects.toMatchObject({
      code: 'LOCK_LOST',
      message: expect.stringMatching(/its lease ended at \S+ before it was renewed \(AWS's clock says/),
    });
    const other = fakeRuntime({ start: runtime.clock.now() });
    const next = await acquireClusterLock(runner(world, other, 0).aws, other, {
      cluster: 'shop',
      owner: owner(1, 'bbbb', 'hotfix'),
      timeoutMs: 0,
    });
    expect(other.lines[0]).toMatch(
      /^warning: Breaking the expired lock on shop held by acme\/shop#900\/deploy\/1\/aaaa/,
    );
    // The stalled holder wakes: its heartbeat finds the lock gone and stops; its release deletes nothing.
    await runtime.sleep(LEASE / 4);
    expect(runtime.lines.filter((l) => l.startsWith('warning: Lost the lock'))).toHaveLength(1);
    expect(runtime.pendingTimers()).toBe(0);
    await stalled.release();
    expect(world.templates.get(lockName('shop'))?.tags.get(TAGS.lockOwner)).toBe(
      'acme/shop#900/hotfix/1/bbbb',
    );
    await next.release();
  });

  it('judges expiry on AWS clock: a runner 20 minutes fast does not break a live lock, nor a slow one keep a dead one', async () => {
    const { runtime, world, a } = setup();
    await acquireClusterLock(a.aws, runtime, { cluster: 'shop', owner: owner(1, 'aaaa'), timeoutMs: 0 });
    const fast = fakeRuntime({ start: runtime.clock.now() + 20 * 60_000 });
    // Its Date headers say AWS is 20 minutes behind it.
    const error = await lockedError(
      acquireClusterLock(runner(world, fast, -20 * 60_000).aws, fast, {
        cluster: 'shop',
        owner: owner(1, 'bbbb', 'other'),
        timeoutMs: 0,
      }),
    );
    expect(error.code).toBe('LOCKED');
    expect(world.calls).not.toContain('DeleteLaunchTemplate');

    // The holder dies; 3 minutes later (AWS time) a runner 20 minutes slow still sees the lease ended.
    const deadWorld = fakeAws(() => runtime.clock.now());
    const dying = fakeRuntime({ start: runtime.clock.now() });
    await acquireClusterLock(runner(deadWorld, dying, 0).aws, dying, {
      cluster: 'shop',
      owner: owner(1, 'dead'),
      timeoutMs: 0,
    });
    const slow = fakeRuntime({ start: runtime.clock.now() + 3 * 60_000 - 20 * 60_000 });
    const taken = await acquireClusterLock(runner(deadWorld, slow, 20 * 60_000).aws, slow, {
      cluster: 'shop',
      owner: owner(1, 'slow', 'other'),
      timeoutMs: 0,
    });
    expect(slow.lines[0]).toMatch(
      /^warning: Breaking the expired lock on shop held by acme\/shop#900\/deploy\/1\/dead/,
    );
    await taken.release();
  });

  it.each([
    ['an untagged', new Map<string, string>()],
    [
      'one with an unreadable expiry',
      new Map([
        [TAGS.lockOwner, 'someone'],
        [TAGS.lockExpires, 'soon'],
      ]),
    ],
  ])('%s lock template is held for twice the lease after AWS made it, then broken', async (_, tags) => {
    const { runtime, world, a } = setup();
    world.templates.set(lockName('shop'), { id: 'lt-0000000000000000a', tags, created: runtime.clock.now() });
    const early = await lockedError(
      acquireClusterLock(a.aws, runtime, { cluster: 'shop', owner: owner(1, 'aaaa'), timeoutMs: 0 }),
    );
    expect(early.code).toBe('LOCKED');
    runtime.advance(2 * LEASE + 1);
    const lock = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    expect(runtime.lines.some((l) => l.startsWith('warning: Breaking the expired lock on shop'))).toBe(true);
    expect(world.templates.get(lockName('shop'))?.id).not.toBe('lt-0000000000000000a');
    await lock.release();
  });

  it('break-lock breaks a live foreign lock on purpose, naming its holder; the holder then stops', async () => {
    const { runtime, world, a } = setup();
    const victim = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    const breaker = fakeRuntime({ start: runtime.clock.now() });
    const lock = await acquireClusterLock(runner(world, breaker, 0).aws, breaker, {
      cluster: 'shop',
      owner: owner(1, 'bbbb', 'fix'),
      timeoutMs: 0,
      breakForeign: true,
    });
    expect(breaker.lines[0]).toMatch(
      /^warning: Breaking the lock on shop on purpose \(break-lock\): it was held by acme\/shop#900\/deploy\/1\/aaaa \(https/,
    );
    await expect(victim.assertHeld()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    await lock.release();
  });

  it('breakClusterLock (immutable unlock) says who held it; the holder finds it lost at its next beat', async () => {
    const { runtime, world, a } = setup();
    const held = await acquireClusterLock(a.aws, runtime, {
      cluster: 'shop',
      owner: owner(1, 'aaaa'),
      timeoutMs: 0,
    });
    const cli = fakeRuntime();
    const holder = await breakClusterLock(a.aws, cli, 'shop');
    expect(holder?.owner).toBe('acme/shop#900/deploy/1/aaaa');
    expect(cli.lines[0]).toMatch(
      /^warning: Broke the lock on cluster shop: it was held by acme\/shop#900\/deploy\/1\/aaaa/,
    );
    await runtime.sleep(LEASE / 4);
    expect(runtime.lines).toContain(
      'warning: Lost the lock on cluster shop: it was broken. Changing nothing more.',
    );
    await expect(held.assertHeld()).rejects.toMatchObject({ code: 'LOCK_LOST' });
    expect(await breakClusterLock(a.aws, cli, 'shop')).toBeUndefined();
    expect(world.templates.size).toBe(0);
  });

  it('never prints a tag raw: an owner holding a newline and a workflow command stays on one line, inert', async () => {
    const { runtime, world, a } = setup();
    const evil = new Map([
      [TAGS.lockOwner, 'mallory\n::add-mask::x'],
      [TAGS.lockExpires, new Date(runtime.clock.now() + LEASE).toISOString()],
      [TAGS.lockRun, 'https://x\r\n::stop-commands::t'],
    ]);
    world.templates.set(lockName('shop'), {
      id: 'lt-0000000000000000e',
      tags: evil,
      created: runtime.clock.now(),
    });
    const error = await lockedError(
      acquireClusterLock(a.aws, runtime, { cluster: 'shop', owner: owner(1, 'aaaa'), timeoutMs: 0 }),
    );
    expect(error.message).toContain('mallory\\n:\u200b:add-mask:\u200b:x');
    const waited = fakeRuntime({ start: runtime.clock.now() });
    await lockedError(
      acquireClusterLock(runner(world, waited, 0).aws, waited, {
        cluster: 'shop',
        owner: owner(1, 'b'),
        timeoutMs: 1_000,
      }),
    );
    for (const text of [error.message, ...waited.lines]) {
      expect(text).not.toMatch(/[\r\n]/);
      expect(text).not.toContain('::');
    }
    expect(waited.lines.some((l) => l.includes('mallory'))).toBe(true);
  });
});

describe('the lease knob (IMMUTABLE_LOCK_LEASE_MS, for tests of the bundles)', () => {
  it('is 2 minutes unset or blank, and the whole milliseconds given otherwise', () => {
    expect(leaseFromEnv({})).toBe(DEFAULT_LEASE_MS);
    expect(leaseFromEnv({ [LEASE_ENV]: ' ' })).toBe(DEFAULT_LEASE_MS);
    expect(leaseFromEnv({ [LEASE_ENV]: ' 4000 ' })).toBe(4_000);
    expect(leaseFromEnv({ [LEASE_ENV]: '1000' })).toBe(1_000);
    expect(leaseFromEnv({ [LEASE_ENV]: '120000' })).toBe(DEFAULT_LEASE_MS);
  });

  it.each(['fast', '-4000', '4000.5', '4e3', '999', '0', '120001'])('refuses %p in one line', (bad) => {
    expect(() => leaseFromEnv({ [LEASE_ENV]: bad })).toThrow(
      new ImmutableError(
        'INVALID_INPUT',
        `Invalid ${LEASE_ENV} "${bad}": expected a whole number of milliseconds from 1000 to 120000, such as 4000.`,
      ),
    );
  });

  it('a bad value is refused before any AWS call: no lock is taken', async () => {
    const { runtime, world, a } = setup();
    const saved = process.env[LEASE_ENV];
    process.env[LEASE_ENV] = '4s';
    try {
      const error = await lockedError(
        acquireClusterLock(a.aws, runtime, { cluster: 'shop', owner: owner(1, 'aaaa'), timeoutMs: 0 }),
      );
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).not.toContain('\n');
    } finally {
      if (saved === undefined) delete process.env[LEASE_ENV];
      else process.env[LEASE_ENV] = saved;
    }
    expect(world.calls).toEqual([]);
    expect(world.templates.size).toBe(0);
  });
});
