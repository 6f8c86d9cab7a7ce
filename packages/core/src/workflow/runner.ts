import type { ClusterLock } from '../cluster/lock';
import type { Runtime } from '../runtime';

/**
 * One step of a deploy or rollback, as Asgard's DeploymentStep: a name (the crash hook and the log use it)
 * and one operation on the cluster. Steps check what is already done, so a re-run repeats them harmlessly.
 */
export interface Step<S> {
  readonly name: string;
  /** Changes AWS: the runner first checks that the cluster lock is still ours. */
  readonly mutates: boolean;
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
  try {
    for (const [index, step] of steps.entries()) {
      if (step.when && !step.when(state)) continue;
      await hooks.beforeStep?.(step.name, state);
      if (step.mutates) await state.lock?.assertHeld();
      if (!step.quiet) runtime.logger.info(`Step ${step.name}`);
      await hooks.onEvent?.(
        { type: 'step-started', workflow, step: step.name, index, total: steps.length },
        state,
      );
      const started = runtime.clock.now();
      try {
        await step.run(state);
      } catch (error) {
        await hooks.onEvent?.({ type: 'step-failed', workflow, step: step.name, error }, state);
        const replaced = step.recover ? await step.recover(state, error) : undefined;
        throw replaced ?? error;
      }
      await hooks.onEvent?.(
        { type: 'step-finished', workflow, step: step.name, durationMs: runtime.clock.now() - started },
        state,
      );
    }
  } finally {
    const lock = state.lock;
    state.lock = undefined;
    await lock?.release();
  }
}

/** The names of the steps a run that goes well passes (the crash tests kill before each). */
export const mainPath = <S>(steps: readonly Step<S>[]): string[] =>
  steps.filter((s) => s.branch === undefined).map((s) => s.name);
