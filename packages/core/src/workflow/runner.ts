import type { AwsClients } from '../aws/clients';
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
   * Changes AWS: the runner checks that the cluster lock is still ours, beside the step's first reads and
   * before its first write. A predicate says whether this run of the step changes anything (a step with
   * nothing to do costs no lock check). A step that is not checked and writes anyway checks at its first
   * write (gateWrites).
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
  /**
   * While a step that changes AWS runs: the runner's lock check for it. The step's reads go out beside
   * the check; every write through `gateWrites` clients waits for it to succeed first.
   */
  writeGate?: Promise<void> | undefined;
}

const READ = /^(describe|list|get)/;
const ungatedOf = new WeakMap<object, AwsClients>();

/**
 * The clients a workflow's steps use: each write (any call but describe…, list…, get…) first waits for the
 * state's write gate, the lock check of the step under way, and fails with it when the lock is lost. Reads go
 * out at once, so a step's first reads share a round trip with the check.
 */
export function gateWrites(aws: AwsClients, state: WorkflowState): AwsClients {
  const gate = <T extends object>(api: T): T =>
    // A test's fake clients may leave a service out.
    (api === undefined
      ? api
      : Object.fromEntries(
          Object.entries(api).map(([name, call]) => [
            name,
            typeof call !== 'function' || READ.test(name)
              ? call
              : async (...args: unknown[]) => {
                  // A write in a step that made no check (one that waits, then changes: wait-healthy) checks
                  // now, after its wait: the lock may have been broken or taken over meanwhile.
                  if (!state.writeGate && state.lock) state.writeGate = state.lock.assertHeld();
                  await state.writeGate;
                  return (call as (...a: unknown[]) => unknown)(...args);
                },
          ]),
        )) as T;
  const gated: AwsClients = {
    ...aws,
    autoScaling: gate(aws.autoScaling),
    ec2: gate(aws.ec2),
    elbv2: gate(aws.elbv2),
    elb: gate(aws.elb),
    cloudWatch: gate(aws.cloudWatch),
  };
  ungatedOf.set(gated, ungated(aws));
  return gated;
}

/** The clients under `gateWrites`: the lock's own calls (acquire, heartbeat, release) wait for no check. */
export const ungated = (aws: AwsClients): AwsClients => ungatedOf.get(aws) ?? aws;

/**
 * Asgard's DeploymentWorkflow: runs the steps in order, each after the crash hook, a log line and a
 * progress event, with the lock check (when it changes something) beside its first reads and before its
 * first write. A failing step recovers what it can, then the
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
      const mutates = typeof step.mutates === 'function' ? step.mutates(state) : step.mutates;
      // A lock known lost already stops the run before the step starts, as a check of its own would.
      if (mutates && state.lock?.knownLost?.()) await state.lock.assertHeld();
      // The check runs beside the step's first reads; its first write waits for the check (gateWrites).
      const check = mutates && state.lock ? state.lock.assertHeld() : undefined;
      // Settled here, so a check that fails while the step is still reading is no unhandled rejection.
      const lost = settled(check);
      state.writeGate = check;
      if (!step.quiet) runtime.logger.info(`Step ${step.name}`);
      await hooks.onEvent?.(
        { type: 'step-started', workflow, step: step.name, index, total: steps.length },
        state,
      );
      const started = runtime.clock.now();
      try {
        await step.run(state);
        // A step that wrote nothing still stops here when its check failed (the runner's, or one a write made).
        await check;
        await state.writeGate;
      } catch (thrown) {
        failed = true;
        // A failed check is the error, whatever the step met meanwhile: nothing more changes, no recovery.
        const checkFailed = (await lost) ?? (await settled(state.writeGate));
        const error = checkFailed ? checkFailed.error : thrown;
        await hooks.onEvent?.({ type: 'step-failed', workflow, step: step.name, error }, state);
        if (checkFailed) throw error;
        // Nothing can be undone without credentials; every step is safe to repeat, so a re-run finishes.
        if (isExpiredCredentialsError(error)) throw credentialsExpired(step.name, error);
        const replaced = step.recover ? await step.recover(state, error) : undefined;
        throw replaced ?? error;
      } finally {
        state.writeGate = undefined;
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

const settled = (check: Promise<void> | undefined): Promise<{ error: unknown } | undefined> | undefined =>
  check?.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );

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
