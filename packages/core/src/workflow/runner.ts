import { isExpiredCredentialsError } from '../aws/errors';
import type { ClusterLock } from '../cluster/lock';
import { describeError, ImmutableError } from '../errors';
import type { Runtime } from '../runtime';

/**
 * One step of a deploy or rollback, as Asgard's DeploymentStep: a name (the crash hook and the log use it)
 * and one operation on the cluster. Steps check what is already done, so a re-run repeats them harmlessly.
 */
export interface Step<S> {
  readonly name: string;
  /**
   * Changes AWS: the runner first checks that the cluster lock is still ours. A predicate says whether this
   * run of the step changes anything (a step with nothing to do costs no lock check).
   */
  readonly mutates: boolean | ((state: S) => boolean);
  /** Runs only when this holds (the alarm rollback only after an alarm fired). */
  readonly when?: (state: S) => boolean;
  /** Set on the steps of a path taken only when something went wrong (`alarm`): not on the main path. */
  readonly branch?: string;
  /** No "Step <name>" line: the lock and unlock steps log for themselves. */
  readonly quiet?: boolean;
  run(state: S): Promise<void>;
  /**
   * Puts the cluster back as it was when this step fails (the previous group keeps serving), before the
   * error goes on; it may return a clearer error to throw instead.
   */
  recover?(state: S, error: unknown): Promise<unknown>;
}

/** What the runner reports as it goes; the action, the CLI and the tests present it each their own way. */
export type WorkflowEvent =
  | { type: 'step-started'; workflow: string; step: string; index: number; total: number }
  | { type: 'step-finished'; workflow: string; step: string; durationMs: number }
  | { type: 'step-failed'; workflow: string; step: string; error: unknown };

export interface WorkflowHooks<S> {
  /** Runs before each step, before anything else: the crash tests kill the process here. */
  beforeStep?: ((step: string, state: S) => void | Promise<void>) | undefined;
  onEvent?: ((event: WorkflowEvent, state: S) => void | Promise<void>) | undefined;
}

export interface WorkflowState {
  /** Set by the lock step; every mutating step after it first checks it is still held. */
  lock?: ClusterLock | undefined;
}

/**
 * Asgard's DeploymentWorkflow: runs the steps in order, each after the crash hook, the lock check (when
 * it changes something), a log line and a progress event. A failing step recovers what it can, then the
 * error goes on; the lock is released however the run ends (a killed run's lock expires or is taken over).
 */
export async function runWorkflow<S extends WorkflowState>(
  workflow: string,
  steps: readonly Step<S>[],
  state: S,
  runtime: Runtime,
  hooks: WorkflowHooks<S> = {},
): Promise<void> {
  let failed = false;
  try {
    for (const [index, step] of steps.entries()) {
      if (step.when && !step.when(state)) continue;
      await hooks.beforeStep?.(step.name, state);
      if (typeof step.mutates === 'function' ? step.mutates(state) : step.mutates)
        await state.lock?.assertHeld();
      if (!step.quiet) runtime.logger.info(`Step ${step.name}`);
      await hooks.onEvent?.(
        { type: 'step-started', workflow, step: step.name, index, total: steps.length },
        state,
      );
      const started = runtime.clock.now();
      try {
        await step.run(state);
      } catch (error) {
        failed = true;
        await hooks.onEvent?.({ type: 'step-failed', workflow, step: step.name, error }, state);
        // Nothing can be undone without credentials; every step is safe to repeat, so a re-run finishes.
        if (isExpiredCredentialsError(error)) throw credentialsExpired(step.name, error);
        const replaced = step.recover ? await step.recover(state, error) : undefined;
        throw replaced ?? error;
      }
      await hooks.onEvent?.(
        { type: 'step-finished', workflow, step: step.name, durationMs: runtime.clock.now() - started },
        state,
      );
    }
  } finally {
    await releaseAfter(state, runtime, failed);
  }
}

/** A release that fails after a failed step must not hide why the step failed; the lock expires anyway. */
async function releaseAfter(state: WorkflowState, runtime: Runtime, failed: boolean): Promise<void> {
  const lock = state.lock;
  state.lock = undefined;
  try {
    await lock?.release();
  } catch (error) {
    if (!failed) throw isExpiredCredentialsError(error) ? credentialsExpired('unlock', error) : error;
    runtime.logger.warn(
      `Could not release the cluster lock (${describeError(error)}); it expires on its own`,
    );
  }
}

function credentialsExpired(step: string, cause: unknown): ImmutableError {
  return new ImmutableError(
    'CREDENTIALS_EXPIRED',
    `The credentials expired during ${step}; a re-run resumes; use role-duration-seconds for a longer session.`,
    { cause },
  );
}

/** The names of the steps a run that goes well passes (the crash tests kill before each). */
export const mainPath = <S>(steps: readonly Step<S>[]): string[] =>
  steps.filter((s) => s.branch === undefined).map((s) => s.name);
