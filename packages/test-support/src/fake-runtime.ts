import type { Logger, Runtime, Schedule } from '@immutable-actions/core';

export interface FakeRuntime extends Runtime {
  /** Every delay the code asked to sleep, in order. */
  sleeps: number[];
  lines: string[];
  /** Moves the clock without firing timers: the process was frozen (a stalled runner, a laptop lid shut). */
  advance(ms: number): void;
  /** Moves the clock, firing each scheduled timer that falls due, in order, and awaiting what it does. */
  elapse(ms: number): Promise<void>;
  /** Timers scheduled and neither fired nor cancelled. */
  pendingTimers(): number;
  schedule: Schedule;
}

interface Timer {
  at: number;
  seq: number;
  callback: () => void | Promise<void>;
}

/**
 * A runtime whose sleep only moves a fake clock: tests never really wait. Timers from `schedule` fire when
 * a sleep (or `elapse`) moves the clock past them, so background work such as a heartbeat interleaves with
 * the code's waits deterministically.
 */
export function fakeRuntime(options: { random?: () => number; start?: number } = {}): FakeRuntime {
  let now = options.start ?? Date.UTC(2026, 10, 24, 12, 0, 0);
  let seq = 0;
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  const lines: string[] = [];
  const logger: Logger = {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    debug: () => {},
  };
  const elapse = async (ms: number): Promise<void> => {
    const until = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers[0];
      if (!next || next.at > until) break;
      timers.shift();
      now = Math.max(now, next.at);
      await next.callback();
    }
    now = Math.max(now, until);
  };
  return {
    clock: { now: () => now },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      sleeps.push(ms);
      await elapse(ms);
    },
    logger,
    random: options.random ?? (() => 0.5),
    sleeps,
    lines,
    advance: (ms) => {
      now += ms;
    },
    elapse,
    pendingTimers: () => timers.length,
    schedule: (ms, callback) => {
      const timer: Timer = { at: now + ms, seq: seq++, callback };
      timers.push(timer);
      return {
        cancel: () => {
          const at = timers.indexOf(timer);
          if (at >= 0) timers.splice(at, 1);
        },
      };
    },
  };
}
