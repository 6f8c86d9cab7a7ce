import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as actions from '@actions/core';
import {
  describeError,
  heartbeatFromEnv,
  runOwnerFrom,
  runUrlFrom,
  systemRuntime,
  type LockOwner,
  type Logger,
  type Runtime,
} from '@immutable-actions/core';

/** Library log lines go to the runner's log; debug lines only when step debugging is on. */
export const actionsLogger: Logger = {
  info: (message) => actions.info(message),
  warn: (message) => actions.warning(message),
  debug: (message) => actions.debug(message),
};

/** Waits log a line at each change and a heartbeat every 30 s (IMMUTABLE_HEARTBEAT_SECONDS to change it). */
export function actionRuntime(): Runtime {
  return systemRuntime(actionsLogger, { heartbeatMs: heartbeatFromEnv(process.env) });
}

/** Reads an input as the runner passes it; empty means "not given". */
export function readInput(name: string): string | undefined {
  const value = actions.getInput(name);
  return value === '' ? undefined : value;
}

/** Reads the inputs named in a table of constants into a plain record, for the library's parser. */
export function readInputs<T extends Record<string, string>>(
  names: T,
): { [K in keyof T]: string | undefined } {
  const result = {} as { [K in keyof T]: string | undefined };
  for (const key of Object.keys(names) as (keyof T)[]) result[key] = readInput(names[key] as string);
  return result;
}

export function setOutputs(outputs: Record<string, string | number | boolean | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) actions.setOutput(name, String(value));
  }
}

/** Appends to the job summary, or prints it where GITHUB_STEP_SUMMARY is unset (act without it, a shell). */
export async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) {
    await actions.summary.addRaw(markdown, true).write();
  } else {
    actions.info(markdown);
  }
}

/** The one place an action catches: the library's typed error becomes a one-line step failure. */
export async function runStep(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    actions.setFailed(describeError(error));
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') actions.debug(`error code: ${code}`);
    if (error instanceof Error && error.stack) actions.debug(error.stack);
  }
}

/** Aborts on SIGINT/SIGTERM (a cancelled job), so pollers stop and cleanup can run. */
export function cancellationSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals) => () => controller.abort(new Error(`received ${signal}`));
  process.once('SIGINT', abort('SIGINT'));
  process.once('SIGTERM', abort('SIGTERM'));
  return controller.signal;
}

export { actions };

/**
 * True when `filename` (a bundle's `__filename`) is the script node was started with: the runner and act
 * run `node dist/<name>/index.js`, which requires main.js; @github/local-action instead requires the bundle and
 * calls its run().
 */
export function isMainScript(filename: string, argv1: string | undefined = process.argv[1]): boolean {
  if (argv1 === undefined) return false;
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  };
  const target = real(filename) ?? filename;
  // A bundle (dist/<name>/main.js) is started through the entry beside it, index.js (scripts/bundle-entry.cjs).
  const targets = basename(target) === 'main.js' ? [target, join(dirname(target), 'index.js')] : [target];
  // As node resolves its script: the path itself, with .js added, or a folder's index.js.
  return [argv1, `${argv1}.js`, join(argv1, 'index.js')].some((candidate) => {
    const resolved = real(candidate);
    return resolved !== undefined && targets.includes(resolved);
  });
}

/**
 * The entry of every action's bundle: the AWS SDK's notice about Node versions it will drop some day is
 * meant for developers, not for a deploy log; a value the user set wins. Then run, when node runs this
 * bundle; when something requires it (local-action), that caller runs the exported run().
 */
export function actionEntry(filename: string, run: () => Promise<void>): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (isMainScript(filename)) void run();
}

/** The workflow run's URL, recorded on what we create so it can be traced back. */
export const runUrl = (): string | undefined => runUrlFrom(process.env);

/** Who holds a cluster lock: the workflow run (the same across re-run attempts), else the user. */
export const runOwner = (): LockOwner => runOwnerFrom(process.env);

/**
 * Fault injection for the crash tests: IMMUTABLE_FAULT_KILL_AT=<step> kills this process with SIGKILL
 * right before that step, as a runner dying would. Unset in real runs.
 */
export function crashHook(): ((step: string) => void) | undefined {
  const at = process.env.IMMUTABLE_FAULT_KILL_AT;
  if (!at) return undefined;
  return (step) => {
    if (step === at) process.kill(process.pid, 'SIGKILL');
  };
}

export * from './deployments';
