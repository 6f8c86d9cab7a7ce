import { poll } from '@immutable-actions/core';
import { fakeRuntime } from '@immutable-actions/test-support';

export interface PollerCase {
  /** When the awaited state is reached, in ms after the wait starts. */
  reachedAtMs: number;
  attempts: number;
  sleptMs: number;
  /** How long after the state was reached the poller returned (fake clock). */
  lagMs: number;
  /** The sleep just before the successful look (0 when the first look succeeded). */
  lastDelayMs: number;
  /** Looks made after the state was reached: 1 means the very next look saw it. */
  looksAfterReached: number;
  pass: boolean;
}

/**
 * The poller against a fake clock: a state reached at t returns at the first look at or after t, i.e. within
 * one poll delay, and a state already reached returns on the first, immediate look (attempts 1, nothing slept).
 */
export async function benchPoller(
  reachedAt: number[] = [0, 1, 1_999, 2_000, 5_000, 30_000, 120_000, 599_000],
): Promise<PollerCase[]> {
  const cases: PollerCase[] = [];
  for (const reachedAtMs of reachedAt) {
    const runtime = fakeRuntime({ random: () => 0.5 });
    const start = runtime.clock.now();
    let looksAfterReached = 0;
    const outcome = await poll(
      runtime,
      { what: 'bench state', timeoutMs: 600_000, minDelayMs: 2_000, maxDelayMs: 15_000 },
      async () => {
        const reached = runtime.clock.now() - start >= reachedAtMs;
        if (reached) looksAfterReached++;
        return reached ? { state: 'success', value: true } : { state: 'retry', reason: 'not yet' };
      },
    );
    const sleptMs = runtime.sleeps.reduce((a, b) => a + b, 0);
    const lagMs = runtime.clock.now() - start - reachedAtMs;
    const lastDelayMs = outcome.attempts > 1 ? (runtime.sleeps.at(-1) ?? 0) : 0;
    const pass =
      looksAfterReached === 1 &&
      lagMs <= lastDelayMs &&
      (reachedAtMs > 0 || (outcome.attempts === 1 && sleptMs === 0));
    cases.push({
      reachedAtMs,
      attempts: outcome.attempts,
      sleptMs,
      lagMs,
      lastDelayMs,
      looksAfterReached,
      pass,
    });
  }
  return cases;
}
