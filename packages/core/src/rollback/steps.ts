import type { AwsClients } from '../aws/clients';
import { scaleToZero } from '../cluster/cleanup';
import { resizeGroup } from '../cluster/create';
import { describeCluster, describeGroups, type Cluster } from '../cluster/describe';
import { acquireClusterLock, type LockOwner } from '../cluster/lock';
import type { ServerGroup } from '../cluster/model';
import { pinGroup, unpinGroup } from '../cluster/pin';
import { TAGS } from '../cluster/tags';
import { restoreWarmPool } from '../cluster/warm-pool';
import { disableGroup, enableGroup, tagGroup } from '../cluster/traffic';
import { describeError, ImmutableError } from '../errors';
import { waitUntilHealthy, type HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import { rerunKey } from '../run';
import type { Runtime } from '../runtime';
import { ungated, type Step, type WorkflowState } from '../workflow/runner';
import type { RollbackOptions } from './options';
import { describeRollbackPlan, planRollback, type RollbackPlan } from './rollback';

export interface RollbackState extends WorkflowState {
  aws: AwsClients;
  runtime: Runtime;
  signal: AbortSignal | undefined;
  owner: LockOwner;
  pollDelays: { minDelayMs: number; maxDelayMs: number } | undefined;
  options: RollbackOptions;
  plan: RollbackPlan;
  planText: string[];
  health: PollOutcome<HealthReport> | undefined;
  /** When this run started growing the target: launches failed since then fail the health wait. */
  growingSince: number | undefined;
  /** Read by the unlock step, beside the release: the cluster after the rollback. */
  after?: Promise<Cluster> | undefined;
}

type RollbackStepDef = Step<RollbackState>;

const targetOf = (state: RollbackState): ServerGroup => state.plan.target as ServerGroup;

const lock: RollbackStepDef = {
  name: 'lock',
  mutates: false,
  quiet: true,
  async run(state) {
    const { aws, runtime, options, owner } = state;
    state.lock = await acquireClusterLock(ungated(aws), runtime, {
      cluster: options.cluster,
      owner,
      timeoutMs: options.lockTimeoutMs,
      breakForeign: options.breakLock,
      signal: state.signal,
    });
    if (options.lockTimeoutMs > 0 || state.lock.tookOver)
      state.plan = await planRollback(aws, options, owner);
    state.planText = describeRollbackPlan(state.plan);
    for (const line of state.planText) runtime.logger.info(line);
  },
};

/** The bad group records where the rollback goes, so a re-run after a crash finishes this one. */
const mark: RollbackStepDef = {
  name: 'mark',
  mutates: true,
  async run(state) {
    const { bad } = state.plan;
    const target = targetOf(state);
    if (
      bad &&
      (bad.tags[TAGS.rollbackTo] !== target.name || bad.tags[TAGS.rollbackBy] !== rerunKey(state.owner))
    ) {
      await tagGroup(state.aws, bad.name, {
        [TAGS.rollbackTo]: target.name,
        [TAGS.rollbackBy]: rerunKey(state.owner).slice(0, 256),
      });
    }
  },
};

const resize: RollbackStepDef = {
  name: 'resize',
  mutates: (state) => state.plan.resizeTo !== undefined,
  async run(state) {
    const { resizeTo } = state.plan;
    if (!resizeTo) return;
    const target = targetOf(state);
    state.growingSince = state.runtime.clock.now();
    await resizeGroup(state.aws, target.name, resizeTo);
    state.runtime.logger.info(`Resized ${target.name} to ${resizeTo.desired} instance(s)`);
  },
};

const enableTarget: RollbackStepDef = {
  name: 'enable-target',
  mutates: true,
  async run(state) {
    const target = targetOf(state);
    const [current] = await describeGroups(state.aws.autoScaling, [target.name]);
    if (!current) throw new ImmutableError('NOT_FOUND', `${target.name} disappeared during the rollback.`);
    await pinGroup(state.aws, current);
    await enableGroup(state.aws, state.runtime, current);
  },
};

const waitHealthy: RollbackStepDef = {
  name: 'wait-healthy',
  mutates: false,
  async run(state) {
    const { aws, runtime } = state;
    const target = targetOf(state);
    let healthy: ServerGroup | undefined;
    state.health = await waitUntilHealthy(
      aws,
      runtime,
      target.name,
      // The target groups it serves now, read beside it: those it served when planned, as a rule.
      { guess: target.servedTargetGroupArns, of: (group) => group.servedTargetGroupArns },
      {
        timeoutMs: state.options.healthTimeoutMs,
        since: state.growingSince ?? runtime.clock.now(),
        signal: state.signal,
        ...state.pollDelays,
        onGroup: (group) => (healthy = group),
      },
    );
    await unpinGroup(aws, target.name, { group: healthy, tags: { [TAGS.phase]: 'serving' } });
  },
  /** The bad group still serves: take the target out again so the cluster is as it was. */
  async recover(state, error) {
    const { aws, runtime, plan } = state;
    const target = targetOf(state);
    await unpinGroup(aws, target.name);
    const [again] = await describeGroups(aws.autoScaling, [target.name]);
    if (again) await disableGroup(aws, runtime, again);
    // Grown back from zero by this run: back to zero with the capacity it had recorded, so a failed
    // rollback leaves it as it was (and costs nothing).
    const recorded = target.tags[TAGS.capacity];
    if (state.growingSince !== undefined && recorded) {
      await tagGroup(aws, target.name, { [TAGS.capacity]: recorded });
      const [disabled] = await describeGroups(aws.autoScaling, [target.name]);
      if (disabled) await scaleToZero(aws, runtime, disabled);
    }
    if (plan.bad) {
      await aws.autoScaling.deleteTags({
        Tags: [{ ResourceId: plan.bad.name, ResourceType: 'auto-scaling-group', Key: TAGS.rollbackTo }],
      });
    }
    return new ImmutableError(
      'UNHEALTHY',
      `Rollback to ${target.name} failed: ${describeError(error)} ${plan.bad ? `${plan.bad.name} keeps serving.` : ''}`.trim(),
      { cause: error },
    );
  },
};

/**
 * A target that waited stopped in a warm pool (previous-group: stopped) grew out of it in resize: now
 * that it serves, the pool goes (or the user's own pool comes back). Before disable-bad, so a re-run
 * after a crash here still finds this rollback unfinished and does it.
 */
const restorePool: RollbackStepDef = {
  name: 'restore-warm-pool',
  // Only a target that waited in a warm pool of ours records one (it did when planned, under the lock).
  mutates: (state) => targetOf(state).tags[TAGS.warmPool] !== undefined,
  async run(state) {
    const target = targetOf(state);
    if (target.tags[TAGS.warmPool] === undefined) return;
    const [current] = await describeGroups(state.aws.autoScaling, [target.name]);
    if (current) await restoreWarmPool(state.aws, state.runtime, current);
  },
};

const disableBad: RollbackStepDef = {
  name: 'disable-bad',
  mutates: true,
  async run(state) {
    const { aws, runtime, plan } = state;
    if (!plan.bad) return;
    const [bad] = await describeGroups(aws.autoScaling, [plan.bad.name]);
    if (bad) await disableGroup(aws, runtime, bad, { tags: { [TAGS.phase]: 'rolled-back' } });
  },
};

const unlock: RollbackStepDef = {
  name: 'unlock',
  mutates: false,
  quiet: true,
  async run(state) {
    const { plan, options } = state;
    state.runtime.logger.info(
      `Rolled back ${options.cluster}: ${plan.target?.name} serves${plan.bad ? `, ${plan.bad.name} is disabled` : ''}`,
    );
    // The cluster as the rollback left it, read while the lock (not a group) is released.
    state.after = describeCluster(state.aws.autoScaling, options.cluster);
    state.after.catch(() => undefined);
    await state.lock?.release();
    state.lock = undefined;
  },
};

/** Spinnaker's explicit rollback and Asgard's activate/deactivate: the target serves before the bad group leaves. */
export const ROLLBACK_STEPS: readonly RollbackStepDef[] = [
  lock,
  mark,
  resize,
  enableTarget,
  waitHealthy,
  restorePool,
  disableBad,
  unlock,
];
