import { ImmutableError } from '../errors';
import type { Runtime } from '../runtime';

/** What one look at the world says, as in smithy's util-waiter: done, hopeless, or look again. */
export type PollState<T> =
  { state: 'success'; value: T } | { state: 'failure'; reason: string } | { state: 'retry'; reason: string };

export interface PollOptions {
  /** Used in messages: "waiting for <what>". */
  what: string;
  timeoutMs: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Errors thrown by a check that should count as "look again" (throttling, 5xx, dropped connections). */
  isTransient?: (error: unknown) => boolean;
}

export interface PollOutcome<T> {
  value: T;
  attempts: number;
  elapsedMs: number;
  /** How often each retry reason was seen, for logs and benchmarks. */
  seen: Record<string, number>;
}

/**
 * Polls at once, then backs off exponentially with full jitter between min and max delay,
 * never sleeping past the deadline. Throws TIMEOUT with the last reason, or ABORTED.
 */
export async function poll<T>(
  runtime: Runtime,
  options: PollOptions,
  check: (attempt: number) => Promise<PollState<T>>,
): Promise<PollOutcome<T>> {
  const minDelay = options.minDelayMs ?? 2_000;
  const maxDelay = Math.max(minDelay, options.maxDelayMs ?? 15_000);
  const started = runtime.clock.now();
  const deadline = started + options.timeoutMs;
  const seen: Record<string, number> = {};
  let lastReason: string;

  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) {
      throw new ImmutableError('ABORTED', `Stopped waiting for ${options.what}: aborted.`, {
        cause: options.signal.reason,
      });
    }
    let state: PollState<T>;
    try {
      state = await check(attempt);
    } catch (error) {
      if (!options.isTransient?.(error)) throw error;
      state = {
        state: 'retry',
        reason: `transient error: ${error instanceof Error ? error.name : String(error)}`,
      };
    }
    if (state.state === 'success') {
      return { value: state.value, attempts: attempt, elapsedMs: runtime.clock.now() - started, seen };
    }
    if (state.state === 'failure') {
      throw new ImmutableError('UNHEALTHY', `Gave up waiting for ${options.what}: ${state.reason}.`);
    }
    lastReason = state.reason;
    seen[state.reason] = (seen[state.reason] ?? 0) + 1;

    const now = runtime.clock.now();
    if (now >= deadline) {
      throw new ImmutableError(
        'TIMEOUT',
        `Timed out after ${Math.round((now - started) / 1000)}s waiting for ${options.what}: ${lastReason}.`,
      );
    }
    const ceiling = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
    const delay = Math.min(minDelay + runtime.random() * (ceiling - minDelay), deadline - now);
    try {
      await runtime.sleep(delay, options.signal);
    } catch (error) {
      throw new ImmutableError('ABORTED', `Stopped waiting for ${options.what}: aborted.`, { cause: error });
    }
  }
}
