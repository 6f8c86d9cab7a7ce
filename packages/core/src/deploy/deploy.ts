import type { AwsClients } from '../aws/clients';
import { describeCluster, type Cluster } from '../cluster/describe';
import {
  readStandbyVolumes,
  standbyCost,
  standbyCostLines,
  standbyVolumes,
  type StandbyCost,
} from '../cluster/standby-cost';
import { describeError } from '../errors';
import { recordedCapacity } from '../cluster/tags';
import type { LockOwner } from '../cluster/lock';
import type { HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import type { Runtime } from '../runtime';
import { LOCAL_OWNER } from '../run';
import { gateWrites, runWorkflow, type WorkflowEvent } from '../workflow/runner';
import type { DeployOptions } from './options';
import { describePlan, planDeploy, type DeployPlan } from './plan';
import { deploySteps, type DeployState, type RolledBack } from './steps';

export type { RolledBack } from './steps';

/** A step's name: `lock`, `create-group`, …, and rolling-red-black's `shift-25`, `shift-50`, … */
export type DeployStep = string;

export interface DeployContext {
  aws: AwsClients;
  runtime: Runtime;
  signal?: AbortSignal | undefined;
  /** Who deploys: recorded on the new group and on the cluster lock. */
  owner?: LockOwner | undefined;
  beforeStep?: ((step: DeployStep, plan: DeployPlan) => void | Promise<void>) | undefined;
  /** Progress as the steps run (the action starts its GitHub deployment at the lock step). */
  onEvent?: ((event: WorkflowEvent, plan: DeployPlan) => void | Promise<void>) | undefined;
  /** Poll delays for health and alarm waits (the demo shortens them; tests use a fake clock). */
  pollDelays?: { minDelayMs: number; maxDelayMs: number };
}

export interface DeployResult {
  dryRun: boolean;
  plan: DeployPlan;
  planText: string[];
  newGroup: string;
  previousGroup: string | undefined;
  launchTemplateId: string | undefined;
  resumed: boolean;
  deleted: string[];
  health: PollOutcome<HealthReport> | undefined;
  /** Set when an alarm during the bake time sent traffic back to the previous group. */
  rolledBack: RolledBack | undefined;
  /** What the disabled previous group costs while it stays warm. */
  warm: WarmCost | undefined;
  /** What the previous group costs per day under each previous-group choice (an estimate). */
  standby: StandbyCost | undefined;
  scaledDown: string[];
  before: Cluster;
  after: Cluster;
}

export interface WarmCost {
  group: string;
  instances: number;
  instanceType: string | undefined;
  instanceHoursPerDay: number;
}

/**
 * Asgard's red/black push: create the next group beside the serving one, wait until it is healthy
 * in every target group, then disable the previous group (kept warm), watch the alarms for the bake
 * time, and delete groups beyond max-groups. Until the new group is healthy the previous one keeps
 * serving, and a failure removes the new group; an alarm during the bake time re-enables the previous
 * group and only then disables the new one. Each step checks what is done, so a re-run after a crash
 * finishes the same deploy instead of starting another.
 */
export async function deploy(context: DeployContext, options: DeployOptions): Promise<DeployResult> {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const validated = await planDeploy(aws, options, { owner: context.owner ?? LOCAL_OWNER });
  const standby = await estimateStandby(aws, runtime, validated);
  if (options.dryRun) {
    const planText = [
      ...describePlan(validated),
      ...(standby ? standbyCostLines(standby, options.previousGroup) : []),
    ];
    for (const line of planText) log.info(line);
    log.info('Dry run: nothing was changed.');
    return {
      ...summaryBase(validated, planText),
      dryRun: true,
      launchTemplateId: undefined,
      deleted: [],
      health: undefined,
      rolledBack: undefined,
      warm: undefined,
      standby,
      scaledDown: [],
      after: validated.cluster,
    };
  }

  const steps = deploySteps(validated);
  const state: DeployState = {
    aws,
    runtime,
    signal: context.signal,
    owner: context.owner ?? LOCAL_OWNER,
    pollDelays: context.pollDelays,
    options,
    plan: validated,
    planText: [],
    launchTemplateId: undefined,
    health: undefined,
    rolling: steps.some((s) => s.name.startsWith('shift-')),
    old: undefined,
    alarm: undefined,
    rolledBack: undefined,
    deleted: [],
    scaledDown: [],
  };
  state.aws = gateWrites(aws, state);
  await runWorkflow('deploy', steps, state, runtime, {
    beforeStep: (step, s) => context.beforeStep?.(step, s.plan),
    onEvent: (event, s) => context.onEvent?.(event, s.plan),
  });
  const { plan } = state;
  if (standby) for (const line of standbyCostLines(standby, options.previousGroup)) log.info(line);
  const after = (await state.after) ?? (await describeCluster(aws.autoScaling, options.cluster));
  const warmGroup = plan.previous && after.groups.find((g) => g.name === plan.previous?.name && !g.enabled);
  const warm: WarmCost | undefined = warmGroup
    ? {
        group: warmGroup.name,
        instances: warmGroup.instances.length,
        instanceType: plan.previousInstanceType,
        instanceHoursPerDay: warmGroup.instances.length * 24,
      }
    : undefined;
  return {
    ...summaryBase(plan, state.planText),
    dryRun: false,
    launchTemplateId: state.launchTemplateId,
    deleted: state.deleted,
    health: state.health,
    rolledBack: state.rolledBack,
    warm,
    standby,
    scaledDown: state.scaledDown,
    after,
  };
}

/** The previous group's cost per day under each choice, from its type and volumes (its AMI read by the plan). */
async function estimateStandby(
  aws: AwsClients,
  runtime: Runtime,
  plan: DeployPlan,
): Promise<StandbyCost | undefined> {
  const previous = plan.previous;
  if (!previous || plan.options.strategy === 'highlander') return undefined;
  const template = plan.launchTemplateData.BlockDeviceMappings;
  const read = plan.previousImage;
  if (read?.error !== undefined && previous.amiId) {
    runtime.logger.debug(
      `Could not read ${previous.amiId}'s volumes for the cost estimate: ${describeError(read.error)}`,
    );
  }
  // A plan made without the read (none of its own) reads the AMI here.
  const volumes = read
    ? standbyVolumes(template, read.blockDeviceMappings)
    : await readStandbyVolumes(aws, runtime, previous.amiId, template);
  return standbyCost({
    group: previous.name,
    instances: (recordedCapacity(previous.tags) ?? previous.capacity).desired,
    instanceType: plan.previousInstanceType,
    volumes,
  });
}

function summaryBase(plan: DeployPlan, planText: string[]) {
  return {
    plan,
    planText,
    newGroup: plan.newGroupName,
    previousGroup: plan.previous?.name,
    resumed: plan.resume !== undefined,
    before: plan.cluster,
  };
}
