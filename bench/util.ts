import { cpus, hostname, loadavg, platform, release } from 'node:os';
import { performance } from 'node:perf_hooks';

/** One row of the report: what was measured, its value, and (when there is one) the target it meets or misses. */
export interface Row {
  section: string;
  measure: string;
  value: string;
  target?: string;
  pass?: boolean;
  note?: string;
}

export interface Machine {
  host: string;
  os: string;
  cpu: string;
  cores: number;
  node: string;
  /** 1-minute load average when the bench started: other work on the machine skews every timing. */
  load: number;
}

export function machine(): Machine {
  const list = cpus();
  return {
    host: hostname(),
    os: `${platform()} ${release()}`,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    node: process.version,
    load: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export const ms = (value: number): string =>
  value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;

export const kb = (bytes: number): string => `${Math.round(bytes / 1024)} KB`;

export function errorText(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
