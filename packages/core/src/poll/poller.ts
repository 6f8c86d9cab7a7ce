import { ImmutableError } from '../errors';
import type { Runtime } from '../runtime';
import { DEFAULT_HEARTBEAT_MS, logProgress, type ProgressCount, type ProgressEvent } from './progress';

/**
 * What one look at the world says, as in smithy's util-waiter: done, hopeless, or look again. `counts`
 * feed the progress events (healthy/desired, alarms quiet).
 */
export type PollState<T> =
  | { state: 'success'; value: T; counts?: ProgressCount[] }
  | { state: 'failure'; reason: string; counts?: ProgressCount[] }
  | { state: 'retry'; reason: string; counts?: ProgressCount[] };

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
 * Reports progress to runtime.progress (else as log lines): at each change, and a heartbeat whenever
 * nothing changed for runtime.heartbeatMs (30 s), waking from a long sleep to say so.
 */
export async function poll<T>(
  runtime: Runtime,
  options: PollOptions,
  check: (attempt: number) => Promise<PollState<T>>,
): Promise<PollOutcome<T>> {
  const minDelay = options.minDelayMs ?? 2_000;
  const maxDelay = Math.max(minDelay, options.maxDelayMs ?? 15_000);
  const heartbeat = runtime.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const report = runtime.progress ?? logProgress(runtime.logger);
  const started = runtime.clock.now();
  const deadline = started + options.timeoutMs;
  const seen: Record<string, number> = {};
  let lastReason = '';
  let lastCounts: ProgressCount[] = [];
  let lastReported = started;
  let attempts = 0;

  const emit = (kind: ProgressEvent['kind'], outcome?: ProgressEvent['outcome']): void => {
    const now = runtime.clock.now();
    lastReported = now;
    report({
      kind,
      what: options.what,
      elapsedMs: now - started,
      leftMs: Math.max(0, deadline - now),
      attempts,
      status: lastReason,
      counts: lastCounts,
      ...(outcome ? { outcome } : {}),
    });
  };
  const aborted = (cause: unknown): ImmutableError => {
    emit('done', 'aborted');
    return new ImmutableError('ABORTED', `Stopped waiting for ${options.what}: aborted.`, { cause });
  };

  for (let attempt = 1; ; attempt++) {
    attempts = attempt;
    if (options.signal?.aborted) throw aborted(options.signal.reason);
    let state: PollState<T>;
    try {
      state = await check(attempt);
    } catch (error) {
      if (!options.isTransient?.(error)) throw error;
      state = {
        state: 'retry',
        reason: `transient error: ${error instanceof Error ? error.name : String(error)}`,
        counts: lastCounts,
      };
    }
    if (state.state !== 'retry') {
      if (state.counts) lastCounts = state.counts;
      if (state.state === 'failure') lastReason = state.reason;
      emit('done', state.state);
      if (state.state === 'success') {
        return { value: state.value, attempts: attempt, elapsedMs: runtime.clock.now() - started, seen };
      }
      throw new ImmutableError('UNHEALTHY', `Gave up waiting for ${options.what}: ${state.reason}.`);
    }
    const counts = state.counts ?? [];
    const changed = attempt === 1 || state.reason !== lastReason || !sameCounts(counts, lastCounts);
    lastReason = state.reason;
    lastCounts = counts;
    seen[state.reason] = (seen[state.reason] ?? 0) + 1;
    if (changed) emit('change');
    else if (runtime.clock.now() - lastReported >= heartbeat) emit('heartbeat');

    const now = runtime.clock.now();
    if (now >= deadline) {
      emit('done', 'timeout');
      throw new ImmutableError(
        'TIMEOUT',
        `Timed out after ${Math.round((now - started) / 1000)}s waiting for ${options.what}: ${lastReason}.`,
      );
    }
    const ceiling = Math.min(maxDelay, minDelay * 2 ** (attempt - 1));
    const delay = Math.min(minDelay + runtime.random() * (ceiling - minDelay), deadline - now);
    // Sleep in pieces that end at each heartbeat, so a long sleep still says it is alive.
    const wake = now + delay;
    for (let at = runtime.clock.now(); at < wake; at = runtime.clock.now()) {
      const nextBeat = lastReported + heartbeat;
      const piece = Math.min(wake - at, Math.max(0, nextBeat - at));
      try {
        if (piece > 0) await runtime.sleep(piece, options.signal);
      } catch (error) {
        throw aborted(error);
      }
      if (runtime.clock.now() >= nextBeat) emit('heartbeat');
      if (piece <= 0 && runtime.clock.now() < nextBeat) break;
    }
  }
}

function sameCounts(a: readonly ProgressCount[], b: readonly ProgressCount[]): boolean {
  return (
    a.length === b.length &&
    a.every((c, i) => c.label === b[i]?.label && c.value === b[i]?.value && c.of === b[i]?.of)
  );
}
