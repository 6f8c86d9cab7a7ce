import type { AwsClients } from '../aws/clients';
import { describeCluster, describeGroups, type Cluster } from '../cluster/describe';
import { deleteGroup } from '../cluster/delete';
import { TAGS, servedTargetGroupTags } from '../cluster/tags';
import { disableGroup, tagGroup } from '../cluster/traffic';
import { describeError } from '../errors';
import { waitUntilHealthy, type HealthReport } from '../health/group-health';
import type { PollOutcome } from '../poll/poller';
import type { Runtime } from '../runtime';
import { deleteGroupTemplate, ensureLaunchTemplate } from './launch-template';
import type { DeployOptions } from './options';
import { describePlan, planDeploy, type DeployPlan } from './plan';

/** The boundaries a deploy passes; a hook runs before each, so tests can kill it there. */
export const DEPLOY_STEPS = [
  'create-launch-template',
  'create-group',
  'wait-healthy',
  'disable-previous',
  'delete-old',
] as const;
export type DeployStep = (typeof DEPLOY_STEPS)[number];

export interface DeployContext {
  aws: AwsClients;
  runtime: Runtime;
  signal?: AbortSignal | undefined;
  /** Recorded on the new group: who deployed it (e.g. the workflow run URL). */
  runId?: string | undefined;
  beforeStep?: (step: DeployStep, plan: DeployPlan) => void | Promise<void>;
  /** Poll delays for health waits; tests with a fake clock leave the defaults. */
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
  before: Cluster;
  after: Cluster;
}

/**
 * Asgard's red/black push: create the next group beside the serving one, wait until it is healthy
 * in every target group, then disable the previous group (kept warm) and delete groups beyond
 * max-groups. Until the new group is healthy, the previous one keeps serving; a failure before then
 * removes the new group. Every step checks what is already done, so a re-run after a crash finishes
 * the same deploy instead of starting another.
 */
export async function deploy(context: DeployContext, options: DeployOptions): Promise<DeployResult> {
  const { aws, runtime } = context;
  const log = runtime.logger;
  const plan = await planDeploy(aws, options);
  const planText = describePlan(plan);
  for (const line of planText) log.info(line);
  const base = {
    plan,
    planText,
    newGroup: plan.newGroupName,
    previousGroup: plan.previous?.name,
    resumed: plan.resume !== undefined,
    before: plan.cluster,
  };
  if (options.dryRun) {
    log.info('Dry run: nothing was changed.');
    return {
      ...base,
      dryRun: true,
      launchTemplateId: undefined,
      deleted: [],
      health: undefined,
      after: plan.cluster,
    };
  }
  if (plan.resume)
    log.info(
      `Found ${plan.resume.name} from an earlier run of this deploy (phase ${plan.resume.phase}): finishing it`,
    );

  const step = async (name: DeployStep) => {
    await context.beforeStep?.(name, plan);
    log.info(`Step ${name}`);
  };

  let launchTemplateId: string | undefined;
  let health: PollOutcome<HealthReport> | undefined;
  try {
    await step('create-launch-template');
    const template = await ensureLaunchTemplate(
      aws.ec2,
      plan.newGroupName,
      options.cluster,
      plan.launchTemplateData,
    );
    launchTemplateId = template.id;
    log.info(
      `${template.reused ? 'Reusing' : 'Created'} launch template ${plan.newGroupName} (${template.id})`,
    );

    await step('create-group');
    if (!plan.resume) await createGroup(context, plan, template.id);
    else if (plan.resume.phase === 'creating')
      await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'waiting' });

    await step('wait-healthy');
    health = await waitUntilHealthy(aws, runtime, plan.newGroupName, plan.targetGroupArns, {
      timeoutMs: options.healthTimeoutMs,
      signal: context.signal,
      ...context.pollDelays,
    });
    log.info(
      `${plan.newGroupName} is healthy: ${health.value.healthy}/${health.value.desired} after ${health.attempts} check(s)`,
    );
    await tagGroup(aws, plan.newGroupName, { [TAGS.phase]: 'serving' });
  } catch (error) {
    await abandonNewGroup(context, plan, error);
    throw error;
  }

  // From here the new group serves: the previous one may leave traffic.
  await step('disable-previous');
  if (plan.previous) {
    const [previous] = await describeGroups(aws.autoScaling, [plan.previous.name]);
    if (previous) await disableGroup(aws, runtime, previous);
  }

  await step('delete-old');
  const deleted: string[] = [];
  for (const group of plan.toDelete) {
    await deleteGroup(aws, runtime, group);
    deleted.push(group.name);
  }
  const after = await describeCluster(aws.autoScaling, options.cluster);
  log.info(
    `Deployed ${options.amiId} to ${plan.newGroupName}${plan.previous ? `, replacing ${plan.previous.name}` : ''}`,
  );
  return { ...base, dryRun: false, launchTemplateId, deleted, health, after };
}

async function createGroup(
  context: DeployContext,
  plan: DeployPlan,
  launchTemplateId: string,
): Promise<void> {
  const { options } = plan;
  const ours: Record<string, string> = {
    [TAGS.cluster]: options.cluster,
    [TAGS.ami]: options.amiId,
    [TAGS.phase]: 'waiting',
    ...(plan.previous ? { [TAGS.sourceGroup]: plan.previous.name } : {}),
    ...(context.runId ? { [TAGS.run]: context.runId.slice(0, 256) } : {}),
    ...servedTargetGroupTags(plan.targetGroupArns),
  };
  await context.aws.autoScaling.createAutoScalingGroup({
    AutoScalingGroupName: plan.newGroupName,
    LaunchTemplate: { LaunchTemplateId: launchTemplateId, Version: '$Default' },
    MinSize: plan.capacity.min,
    MaxSize: plan.capacity.max,
    DesiredCapacity: plan.capacity.desired,
    VPCZoneIdentifier: plan.subnets.join(','),
    HealthCheckType: plan.healthCheckType,
    HealthCheckGracePeriod: plan.healthCheckGracePeriod,
    ...(plan.terminationPolicies.length > 0 ? { TerminationPolicies: plan.terminationPolicies } : {}),
    ...(plan.defaultCooldown !== undefined ? { DefaultCooldown: plan.defaultCooldown } : {}),
    ...(plan.targetGroupArns.length > 0 ? { TargetGroupARNs: plan.targetGroupArns } : {}),
    Tags: [
      ...plan.userTags.map((t) => ({ Key: t.key, Value: t.value, PropagateAtLaunch: t.propagateAtLaunch })),
      ...Object.entries(ours).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: false })),
      { Key: 'Name', Value: plan.newGroupName, PropagateAtLaunch: true },
    ].filter((tag, i, all) => all.findIndex((t) => t.Key === tag.Key) === i),
  });
  context.runtime.logger.info(
    `Created ${plan.newGroupName}: ${plan.capacity.desired} instance(s) in ${plan.subnets.length} subnet(s), ${plan.targetGroupArns.length} target group(s)`,
  );
}

/** Before traffic moved: take the new group away and leave the previous one serving as it was. */
async function abandonNewGroup(context: DeployContext, plan: DeployPlan, cause: unknown): Promise<void> {
  const { aws, runtime } = context;
  runtime.logger.warn(
    `Deploy failed before traffic moved (${describeError(cause)}): removing ${plan.newGroupName}`,
  );
  try {
    const [group] = await describeGroups(aws.autoScaling, [plan.newGroupName]);
    if (group) {
      await tagGroup(aws, group.name, { [TAGS.phase]: 'failed' });
      await deleteGroup(aws, runtime, group);
    } else {
      await deleteGroupTemplate(aws.ec2, plan.newGroupName, plan.options.cluster);
    }
    runtime.logger.info(`${plan.previous?.name ?? 'The cluster'} keeps serving, unchanged`);
  } catch (cleanupError) {
    runtime.logger.warn(
      `Could not remove ${plan.newGroupName} (${describeError(cleanupError)}); it is tagged failed and the next deploy replaces it`,
    );
  }
}
