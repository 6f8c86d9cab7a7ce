import type { ProgressListener } from './poll/progress';

/** The outside world the library touches besides AWS: injected so tests never really wait. */
export interface Clock {
  now(): number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** Calls back after `ms`, without keeping the process alive: a heartbeat must not hold a finished job open. */
export type Schedule = (ms: number, callback: () => void | Promise<void>) => { cancel(): void };

export interface Runtime {
  clock: Clock;
  sleep: Sleep;
  logger: Logger;
  /** A number in [0, 1), for jitter. */
  random: () => number;
  /** Where waits report progress; log lines through `logger` when unset. */
  progress?: ProgressListener;
  /** How long a wait stays quiet before a heartbeat; 30 s when unset. */
  heartbeatMs?: number;
  /** Timers for background work (the lock's heartbeat); an unref'd setTimeout when absent. */
  schedule?: Schedule;
}

export const unrefSchedule: Schedule = (ms, callback) => {
  const timer = setTimeout(() => void callback(), ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

export const systemClock: Clock = { now: () => Date.now() };

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function abortReason(signal: AbortSignal | undefined): unknown {
  return signal?.reason ?? new Error('aborted');
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, debug: () => {} };

/** Prefixes each line with an ISO timestamp from the injected clock. */
export function timestamped(base: Logger, clock: Clock): Logger {
  const stamp = (message: string): string => `[${new Date(clock.now()).toISOString()}] ${message}`;
  return {
    info: (m) => base.info(stamp(m)),
    warn: (m) => base.warn(stamp(m)),
    debug: (m) => base.debug(stamp(m)),
  };
}

export const consoleLogger: Logger = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  debug: (m) => {
    if (process.env.IMMUTABLE_DEBUG) console.log(m);
  },
};

export function systemRuntime(
  logger: Logger = consoleLogger,
  options: { progress?: ProgressListener | undefined; heartbeatMs?: number | undefined } = {},
): Runtime {
  return {
    clock: systemClock,
    sleep: realSleep,
    logger: timestamped(logger, systemClock),
    random: Math.random,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    schedule: unrefSchedule,
  };
}
