import { formatDuration } from '../duration';
import { ImmutableError } from '../errors';
import type { Logger } from '../runtime';

/** One count a wait reports: "2/3 healthy", "1/1 alarms quiet". */
export interface ProgressCount {
  label: string;
  value: number;
  of: number;
}

/**
 * What a wait reports, as data: the library never formats progress for a screen. `change` comes with the
 * first look and whenever what it sees changes; `heartbeat` when nothing changed for a heartbeat interval;
 * `done` once, when the wait ends (well or not).
 */
export interface ProgressEvent {
  kind: 'change' | 'heartbeat' | 'done';
  /** What is waited for: "alarm-v001 to be healthy". */
  what: string;
  elapsedMs: number;
  /** Until the wait's deadline (a bake time ends there on success). */
  leftMs: number;
  attempts: number;
  /** The last thing seen: "1/2 instances InService". */
  status: string;
  counts: ProgressCount[];
  /** On `done`: whether the wait reached what it waited for. */
  outcome?: 'success' | 'failure' | 'timeout' | 'aborted';
}

export type ProgressListener = (event: ProgressEvent) => void;

export const DEFAULT_HEARTBEAT_MS = 30_000;

/** The environment knob for the heartbeat, in seconds: for tests and impatient users; 30 s when unset. */
export const HEARTBEAT_ENV = 'IMMUTABLE_HEARTBEAT_SECONDS';

/** Reads IMMUTABLE_HEARTBEAT_SECONDS (a positive number of seconds, fractions allowed); undefined when unset. */
export function heartbeatFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const text = env[HEARTBEAT_ENV]?.trim();
  if (!text) return undefined;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0)) {
    throw new ImmutableError(
      'INVALID_INPUT',
      `Invalid ${HEARTBEAT_ENV} "${text}": expected a positive number of seconds, such as 30 or 0.5.`,
    );
  }
  return Math.round(seconds * 1000);
}

export function countsText(counts: readonly ProgressCount[]): string {
  return counts.map((c) => `${c.value}/${c.of} ${c.label}`).join(', ');
}

/** Whole seconds: a progress line has no use for milliseconds. */
const seconds = (ms: number): string => formatDuration(Math.round(ms / 1000) * 1000).replace(/^0ms$/, '0s');

/** One line for an event: "Waiting for x: 1/2 healthy (40s elapsed, 4m20s left)". */
export function progressLine(event: ProgressEvent): string {
  const counts = countsText(event.counts);
  const seen = counts && event.status ? `${counts} — ${event.status}` : counts || event.status;
  const times = `${seconds(event.elapsedMs)} elapsed`;
  if (event.kind === 'done') {
    return event.outcome === 'success'
      ? `Done waiting for ${event.what} after ${times.replace(' elapsed', '')}: ${seen}`
      : `Stopped waiting for ${event.what} after ${times.replace(' elapsed', '')} (${event.outcome}): ${seen}`;
  }
  return `Waiting for ${event.what}: ${seen} (${times}, ${seconds(event.leftMs)} left)`;
}

/**
 * The default presentation, for logs (the action's, a pipe): a line per change and heartbeat. A wait that
 * succeeds at its first look stays silent, as before; the caller says what it reached.
 */
export function logProgress(logger: Logger): ProgressListener {
  return (event) => {
    if (event.kind === 'done') {
      if (event.attempts > 1) logger.info(progressLine(event));
      return;
    }
    logger.info(progressLine(event));
  };
}
