import { setup, teardown } from '../test/moto-pool.mjs';

/**
 * One moto for the whole bench, as jest's pool gives one per worker (test/moto-pool.mjs, whose set-up and
 * teardown this is): every section's startMoto() leases it, reset to an empty world, instead of starting a
 * cold one (seconds of Python import each, nine times in a quick run). Sections run one after another and
 * stop what they start, so one lease is out at a time; the measured deploys already follow an untimed warm-up
 * against the same moto. The bench is the pool's owner (test-support's moto.ts shares it with the owner
 * process only, never with the bundles it runs). Resolves to the teardown, which stops the moto.
 */
export async function shareOneMoto(): Promise<() => Promise<void>> {
  if (process.env.IMMUTABLE_MOTO_POOL) return async () => {};
  await setup();
  return teardown;
}
