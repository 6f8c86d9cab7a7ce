import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ImmutableError, invalidInput } from '../../errors';
import { BAKE_INPUTS } from './inputs';
import { MachineReadableCollector, type PackerReport } from './machine-readable';

export interface PackerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running Packer, as the bake sees it; tests inject their own. */
export interface PackerProcess {
  stdout: NodeJS.ReadableStream;
  stderr: NodeJS.ReadableStream;
  /** Asks Packer to stop and clean up its temporary instances, as Ctrl-C in a terminal does. */
  interrupt(): void;
  /** Settles when the process has exited; rejects when it could not start (e.g. ENOENT). */
  exited: Promise<PackerExit>;
}

export type PackerSpawner = (
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
) => PackerProcess;

/**
 * Packer runs under panicwrap: its parent process ignores SIGINT and expects the terminal to interrupt the
 * whole process group. So Packer gets a group of its own, and the interrupt goes to that group.
 */
export const spawnPacker: PackerSpawner = (command, args, options) => {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const exited = new Promise<PackerExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  if (!child.stdout || !child.stderr) throw new ImmutableError('INTERNAL', 'Packer started without pipes.');
  return {
    stdout: child.stdout,
    stderr: child.stderr,
    interrupt() {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        if (process.platform === 'win32') child.kill('SIGINT');
        else process.kill(-child.pid, 'SIGINT');
      } catch {
        // already gone
      }
    },
    exited,
  };
};

export interface PackerRunOptions {
  packer: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  spawner?: PackerSpawner;
  signal?: AbortSignal;
  /** Human-readable text from the stream, as it comes. */
  onText?: (text: string, kind: 'say' | 'message' | 'error' | 'other') => void;
}

export interface PackerRunResult {
  exit: PackerExit;
  report: PackerReport;
  /** stderr and lines that were not machine-readable, for failures Packer did not put into words. */
  otherOutput: string[];
}

/**
 * Runs one Packer command with `-machine-readable` output and collects it. On abort, interrupts Packer
 * and waits for it to exit (its cleanup deletes the temporary instance, key pair and security group),
 * then throws ABORTED.
 */
export async function runPacker(options: PackerRunOptions): Promise<PackerRunResult> {
  const spawner = options.spawner ?? spawnPacker;
  if (options.signal?.aborted) {
    throw new ImmutableError('ABORTED', 'Cancelled before Packer started.', { cause: options.signal.reason });
  }
  const collector = new MachineReadableCollector(options.onText ?? (() => {}));
  const stderrLines: string[] = [];
  let child: PackerProcess;
  try {
    child = spawner(options.packer, options.args, { cwd: options.cwd, env: options.env ?? process.env });
  } catch (error) {
    throw notStarted(options.packer, error);
  }
  const onAbort = (): void => {
    options.onText?.('Cancelled: interrupting Packer so it cleans up its temporary resources...', 'other');
    child.interrupt();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const reading = Promise.all([
      eachLine(child.stdout, (line) => collector.push(line)),
      eachLine(child.stderr, (line) => {
        if (line.trim() === '') return;
        stderrLines.push(line);
        options.onText?.(line, 'other');
      }),
    ]);
    let exit: PackerExit;
    try {
      exit = await child.exited;
    } catch (error) {
      throw notStarted(options.packer, error);
    }
    await reading;
    if (options.signal?.aborted) {
      throw new ImmutableError(
        'ABORTED',
        `Cancelled: Packer was interrupted and exited with ${exit.code ?? exit.signal}.`,
        { cause: options.signal.reason },
      );
    }
    return { exit, report: collector.report(), otherOutput: [...collector.stray(), ...stderrLines] };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The one-line failure for a Packer command that exited non-zero: Packer's own words when it gave any. */
export function packerFailure(command: string, result: PackerRunResult): ImmutableError {
  const detail =
    result.report.errors.join('; ') ||
    result.otherOutput.slice(-5).join('; ') ||
    `exit ${result.exit.code ?? result.exit.signal}`;
  return new ImmutableError('PACKER_FAILED', `packer ${command} failed: ${detail}`);
}

/** `packer version`, which also proves the executable runs before anything else happens. */
export async function packerVersion(packer: string, cwd: string, spawner?: PackerSpawner): Promise<string> {
  const result = await runPacker({
    packer,
    args: ['version', '-machine-readable'],
    cwd,
    ...(spawner ? { spawner } : {}),
  });
  if (result.exit.code !== 0 || !result.report.version) throw packerFailure('version', result);
  return result.report.version;
}

/** Whether this Packer has `init` (1.7 and later); older ones list no such command in their help. */
export async function packerHasInit(packer: string, cwd: string, spawner?: PackerSpawner): Promise<boolean> {
  const result = await runPacker({ packer, args: ['--help'], cwd, ...(spawner ? { spawner } : {}) });
  return result.otherOutput.some((line) => /^\s+init\s/.test(line));
}

function notStarted(packer: string, error: unknown): ImmutableError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'EACCES') {
    const e = invalidInput(BAKE_INPUTS.packer, packer, 'a Packer executable (not found or not executable)');
    return new ImmutableError(e.code, e.message, { cause: error });
  }
  return new ImmutableError('PACKER_FAILED', `Could not start ${packer}.`, { cause: error });
}

function eachLine(stream: NodeJS.ReadableStream, onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const reader = createInterface({ input: stream, crlfDelay: Infinity });
    reader.on('line', onLine);
    reader.once('close', () => resolve());
    stream.once('error', reject);
  });
}
