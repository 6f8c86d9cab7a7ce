import type { Logger, Runtime } from '@immutable-actions/core';

export interface FakeRuntime extends Runtime {
  /** Every delay the code asked to sleep, in order. */
  sleeps: number[];
  lines: string[];
  advance(ms: number): void;
}

/** A runtime whose sleep only moves a fake clock: tests never really wait. */
export function fakeRuntime(options: { random?: () => number; start?: number } = {}): FakeRuntime {
  let now = options.start ?? Date.UTC(2026, 10, 24, 12, 0, 0);
  const sleeps: number[] = [];
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    debug: () => {},
  };
  return {
    clock: { now: () => now },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      sleeps.push(ms);
      now += ms;
    },
    logger,
    random: options.random ?? (() => 0.5),
    sleeps,
    lines,
    advance: (ms) => {
      now += ms;
    },
  };
}
