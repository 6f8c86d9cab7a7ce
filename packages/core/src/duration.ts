import { invalidInput } from './errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Node's timers hold a signed 32-bit count of ms; a longer setTimeout fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface DurationBounds {
  /** Smallest allowed, inclusive: 0 by default. */
  min?: number;
  /** Largest allowed, inclusive: MAX_TIMER_MS (about 24.8 days) by default. */
  max?: number;
  /** Why 0 is refused, when min is above 0: said in the refusal. */
  zeroRefused?: string;
}

/**
 * Parses `0`, `90s`, `10m`, `1h30m`, `7d` or a bare number of seconds into milliseconds, within bounds: a value
 * out of range is refused here, before any change, never left to overflow a timer or a date later.
 */
export function parseDuration(name: string, text: string, bounds: DurationBounds = {}): number {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? MAX_TIMER_MS;
  const range = `from ${unitText(min)} to ${unitText(max)}`;
  const value = text.trim();
  let ms: number;
  if (/^\d+$/.test(value)) {
    ms = Number(value) * 1000;
  } else {
    const parts = [...value.matchAll(/(\d+)(ms|s|m|h|d)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value) {
      throw invalidInput(name, text, `a duration such as 90s, 10m, 1h30m or 7d, ${range}`);
    }
    ms = parts.reduce((total, [, amount, unit]) => total + Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0), 0);
  }
  if (!Number.isSafeInteger(ms) || ms < min || ms > max) {
    const why = ms === 0 && bounds.zeroRefused ? ` (${bounds.zeroRefused})` : '';
    throw invalidInput(name, text, `a duration ${range}${why}`);
  }
  return ms;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Every duration input's range, checked before any change. The waits stay far below Node's timer limit
 * (2^31-1 ms, about 24.8 days, past which a timer fires at once); disabled-ttl is date arithmetic, capped at a
 * year. disabled-ttl 0 is refused rather than read as "never": a group that expires at once would be scaled to
 * zero by the next cleanup, which is what previous-group: scale-to-zero says plainly.
 */
export const DURATION_BOUNDS = {
  healthTimeout: { min: 1000, max: 6 * HOUR },
  bakeTime: { max: DAY },
  stepWait: { max: DAY },
  lockTimeout: { max: 6 * HOUR },
  disabledTtl: {
    min: 60_000,
    max: 365 * DAY,
    zeroRefused: 'a group that expires at once loses its warm rollback; use previous-group: scale-to-zero',
  },
} as const;

/** A bound as a person would write it: 365d, 6h, 1m, 1s; 0 alone. */
function unitText(ms: number): string {
  if (ms === 0) return '0';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    // A day reads better as 24h, as the inputs' docs say it.
    if (unit === 'd' && ms < 2 * size) continue;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h${minutes % 60 ? `${minutes % 60}m` : ''}` : `${Math.floor(hours / 24)}d`;
}
