import { World, type MotoSnapshot, type WorldTimings } from '../../src/realistic/world';

// The realistic layer's warm-pool play, on the World alone (no moto): deterministic from the seed.
const timings: WorldTimings = {
  bootMs: 3000,
  warmStartMs: 200,
  healthMs: 100,
  elbHealthMs: 100,
  jitterMs: 50,
  seed: 7,
  launchFailures: [],
};

const snapshot = (desired: number, ids: string[]): MotoSnapshot => ({
  groups: [
    {
      name: 'shop-v000',
      arn: 'arn:group/shop-v000',
      desired,
      zones: ['us-east-1a'],
      subnets: [],
      instances: ids.map((id) => ({ id, zone: 'us-east-1a' })),
    },
  ],
  targets: new Map(),
  loadBalancers: new Map(),
});

function play(): World {
  const world = new World(() => timings);
  world.observe(snapshot(2, ['i-a', 'i-b']), 0, true);
  world.putPool('shop-v000', 'Stopped', true);
  world.observe(snapshot(0, []), 1000, false);
  return world;
}

describe('realistic warm-pool play', () => {
  it('puts the instances a scale-in lets go into a pool with ReuseOnScaleIn, stopped', () => {
    const world = play();
    expect(world.pools.get('shop-v000')?.members.map((m) => m.id)).toEqual(['i-a', 'i-b']);
    expect(world.poolOf('i-a')?.state).toBe('Stopped');
    expect(world.poolEvents.map((e) => [e.kind, e.subject])).toEqual([
      ['instance-warmed', 'i-a'],
      ['instance-warmed', 'i-b'],
    ]);
  });

  it('starts a grow out of the pool in warmStartMs (plus the seeded jitter), a fresh launch in bootMs', () => {
    const world = play();
    world.observe(snapshot(3, ['i-c', 'i-d', 'i-e']), 2000, false);
    const started = ['i-c', 'i-d'].map((id) => world.bootedAt(id) - 2000);
    for (const ms of started) {
      expect(ms).toBeGreaterThanOrEqual(200);
      expect(ms).toBeLessThan(250);
    }
    expect(world.bootedAt('i-e') - 2000).toBeGreaterThanOrEqual(3000);
    expect(world.pools.get('shop-v000')?.members).toEqual([]);
    expect(world.poolEvents.filter((e) => e.kind === 'instance-warm-start').map((e) => e.detail)).toEqual([
      'shop-v000 (was i-a)',
      'shop-v000 (was i-b)',
    ]);
    // The same seed and ids give the same timings.
    const again = play();
    again.observe(snapshot(3, ['i-c', 'i-d', 'i-e']), 2000, false);
    expect(['i-c', 'i-d', 'i-e'].map((id) => again.bootedAt(id))).toEqual(
      ['i-c', 'i-d', 'i-e'].map((id) => world.bootedAt(id)),
    );
  });

  it('terminates on scale-in without ReuseOnScaleIn, and empties the pool when it is deleted', () => {
    const world = new World(() => timings);
    world.observe(snapshot(1, ['i-a']), 0, true);
    world.putPool('shop-v000', 'Stopped', false);
    world.observe(snapshot(0, []), 1000, false);
    expect(world.pools.get('shop-v000')?.members).toEqual([]);
    const pooled = play();
    pooled.deletePool('shop-v000');
    expect(pooled.poolOf('i-a')).toBeUndefined();
    pooled.observe(snapshot(1, ['i-f']), 2000, false);
    expect(pooled.bootedAt('i-f') - 2000).toBeGreaterThanOrEqual(3000);
  });
});
