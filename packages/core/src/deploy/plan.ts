import type { RequestLaunchTemplateData } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../aws/clients';
import { describeClusterGroups, servingGroup, type Cluster } from '../cluster/describe';
import type { Capacity, ServerGroup, UserTag } from '../cluster/model';
import { invalidInput } from '../errors';
import { nextGroupName } from '../naming/names';
import { readLaunchTemplate, templateDataFor, type ResolvedTemplate } from '../cluster/launch-template';
import { DEPLOY_INPUTS, type DeployOptions } from './options';
import {
  resolveImages,
  resolveSubnets,
  resolveTargetGroups,
  type ResolvedImage,
  type ResolvedImages,
} from './resolve';
import { readAlarms, refuseFiringAlarms } from '../health/alarms';
import { TAGS, isUnfinished, recordedCapacity } from '../cluster/tags';
import type { LockOwner } from '../cluster/lock';
import { LOCAL_OWNER, deployInvocation, rerunKey } from '../run';
import { checkTagLimit, describeCarried, readGroupSpec, type CarryOver } from '../cluster/group-spec';
import { describeCopies, readGroupCopies, type GroupCopies } from '../cluster/copies';

/** Everything a deploy will do, resolved and validated before the first change. */
export interface DeployPlan {
  options: DeployOptions;
  cluster: Cluster;
  image: ResolvedImage;
  /** The group serving now, which the new one replaces. */
  previous: ServerGroup | undefined;
  /** A half-done group of this same deploy (same cluster and AMI) left by a crashed run, to finish. */
  resume: ServerGroup | undefined;
  newGroupName: string;
  source: { kind: 'previous' | 'base'; template: ResolvedTemplate };
  launchTemplateData: RequestLaunchTemplateData;
  capacity: Capacity;
  subnets: string[];
  targetGroupArns: string[];
  healthCheckType: string;
  healthCheckGracePeriod: number;
  terminationPolicies: string[];
  defaultCooldown: number | undefined;
  userTags: UserTag[];
  /** Where each setting comes from, for the dry-run and the log. */
  copied: string[];
  /** Groups deleted after the switch to keep max-groups, oldest first. */
  toDelete: ServerGroup[];
  /** The previous group's instance type (from the template copied from it), for what keeping it warm costs. */
  previousInstanceType: string | undefined;
  /** The previous group's AMI's volumes, read beside the new AMI, for the same estimate. */
  previousImage: ResolvedImages['previous'];
  /** What carries over from the previous group into CreateAutoScalingGroup and after it. */
  spec: CarryOver | undefined;
  copies: GroupCopies | undefined;
  /** One line per property that carries over, for the plan and the job summary. */
  carried: string[];
  /** Classic load balancers the new group is attached to at creation. */
  loadBalancerNames: string[];
}

type Clients = Pick<AwsClients, 'autoScaling' | 'ec2' | 'elbv2' | 'cloudWatch' | 'region'>;

export async function planDeploy(
  aws: Clients,
  options: DeployOptions,
  context: { owner?: LockOwner | undefined; now?: number } = {},
): Promise<DeployPlan> {
  const now = context.now ?? Date.now();
  const owner = context.owner ?? LOCAL_OWNER;
  // Every read the inputs alone decide runs at once, and every read the cluster decides as soon as it is
  // read; failures are still reported in the order they were checked one by one (the cluster, the AMI,
  // the alarms, the template, target groups, subnets).
  const baseRef = options.launchTemplate ? templateRef(options.launchTemplate) : undefined;
  const describing = describeClusterGroups(aws.autoScaling, options.cluster);
  const first = Promise.allSettled([
    describing,
    readAlarms(aws, options.alarmNames, DEPLOY_INPUTS.alarmNames),
    // Read before knowing whether this run resumes a group; unused (and its error ignored) if it does.
    baseRef ? readLaunchTemplate(aws.ec2, baseRef, DEPLOY_INPUTS.launchTemplate) : undefined,
    options.targetGroups ? resolveTargetGroups(aws, options.targetGroups) : undefined,
    options.subnets ? resolveSubnets(aws, options.subnets) : undefined,
  ]);
  const decided = describing.then(({ cluster }) => {
    const decision = decide(cluster, options, owner);
    const { previous, copyFrom, kind } = decision;
    const subnetsFrom = options.subnets ?? (copyFrom?.subnets.length ? copyFrom.subnets : undefined);
    // The previous AMI's volumes price keeping it warm (highlander keeps nothing).
    const standbyAmi = previous && options.strategy !== 'highlander' ? previous.amiId : undefined;
    // What the cluster decides, read at once: the AMIs, the template to copy, the subnets, the copies.
    const reads = Promise.allSettled([
      resolveImages(aws, options.amiId, standbyAmi),
      kind === 'previous' && copyFrom?.launchTemplate
        ? readLaunchTemplate(aws.ec2, copyFrom.launchTemplate, DEPLOY_INPUTS.launchTemplate)
        : undefined,
      options.subnets ? undefined : resolveSubnets(aws, subnetsFrom),
      previous ? readGroupCopies(aws, previous.name, now) : undefined,
    ]);
    return { decision, reads };
  });
  // A cluster that could not be read is reported below; nothing else waits on this then.
  decided.catch(() => undefined);
  const [describedResult, alarmsResult, inputTemplate, inputTargetGroups, inputSubnets] = await first;
  const { cluster, described } = settled(describedResult);
  const { decision, reads } = await decided;
  const { resume, abandoned, previous, copyFrom, kind } = decision;
  const [imagesResult, previousTemplate, copiedSubnets, copiesResult] = await reads;
  const { image, previous: previousImage } = settled(imagesResult);
  refuseFiringAlarms(settled(alarmsResult));

  const copied: string[] = [];
  const from = copyFrom ? `copied from ${copyFrom.name}` : 'first deploy';
  const template = settled(kind === 'base' ? inputTemplate : previousTemplate);
  if (!template) {
    const why = copyFrom
      ? `${copyFrom.name} has no launch template to copy`
      : `cluster ${options.cluster} has no group yet`;
    throw invalidInput(DEPLOY_INPUTS.launchTemplate, '', `a base launch template (name or lt- id): ${why}`);
  }
  copied.push(
    `launch template data from ${template.name} v${template.version} (${kind === 'base' ? 'launch-template input' : from})`,
  );

  const targetGroupArns = settled(inputTargetGroups) ?? copyFrom?.servedTargetGroupArns ?? [];
  copied.push(
    `target groups: ${targetGroupArns.length} (${options.targetGroups ? 'target-groups input' : from})`,
  );

  const subnets = settled(options.subnets ? inputSubnets : copiedSubnets) ?? [];
  copied.push(
    `subnets: ${subnets.join(', ')} (${options.subnets ? 'subnets input' : copyFrom ? from : 'default VPC'})`,
  );

  const capacity = resume
    ? (recordedCapacity(resume.tags, TAGS.targetCapacity) ?? resume.capacity)
    : resolveCapacity(options, previous?.capacity);
  copied.push(
    `capacity min ${capacity.min} / desired ${capacity.desired} / max ${capacity.max} (${from}, with overrides)`,
  );

  // Everything else of the previous group carries over, or the deploy refuses here, before any change.
  const previousRaw = previous ? described.get(previous.name) : undefined;
  const spec = previousRaw ? readGroupSpec(previousRaw, options.allowDrop) : undefined;
  // A disabled previous group has its classic ELBs detached: the next one gets those it served.
  if (spec && previous && !options.allowDrop.includes('LoadBalancerNames')) {
    if (previous.servedLoadBalancerNames.length > 0)
      spec.carried.LoadBalancerNames = [...previous.servedLoadBalancerNames];
  }
  const copies = settled(copiesResult);
  const carried = [...(spec ? describeCarried(spec) : []), ...(copies ? describeCopies(copies) : [])];
  if (options.instanceType && spec?.carried.MixedInstancesPolicy?.LaunchTemplate?.Overrides?.length) {
    throw invalidInput(
      DEPLOY_INPUTS.instanceType,
      options.instanceType,
      `no instance type while ${previous?.name} has a mixed-instances policy whose overrides choose the types (change the overrides, or add \`allow-drop: MixedInstancesPolicy\`)`,
    );
  }
  // Without its mixed-instances policy, a template that named no type needs one of the policy's.
  const instanceType =
    options.instanceType ?? (template.data.InstanceType ? undefined : spec?.overrideInstanceType);
  const launchTemplateData = templateDataFor(template.data, options.amiId, instanceType);
  const newGroupName = resume?.name ?? nextGroupName(options.cluster, cluster.groups);
  const plan: DeployPlan = {
    options,
    cluster,
    image,
    previous,
    resume,
    newGroupName,
    source: { kind, template },
    launchTemplateData,
    capacity,
    subnets,
    targetGroupArns,
    healthCheckType: copyFrom?.healthCheckType ?? (targetGroupArns.length > 0 ? 'ELB' : 'EC2'),
    healthCheckGracePeriod: copyFrom?.healthCheckGracePeriod ?? 300,
    terminationPolicies: copyFrom?.terminationPolicies ?? [],
    defaultCooldown: copyFrom?.defaultCooldown,
    userTags: copyFrom?.userTags ?? [],
    copied,
    toDelete: [],
    previousInstanceType: kind === 'previous' && !resume ? template.data.InstanceType : undefined,
    previousImage,
    spec,
    copies,
    carried,
    loadBalancerNames: spec?.carried.LoadBalancerNames ?? [],
  };
  checkTagLimit(plannedTags(plan), plan.loadBalancerNames.length);
  plan.toDelete = groupsToDelete(plan, abandoned);
  return plan;
}

/** What the cluster as read decides: the group to resume, the previous one, and where settings come from. */
function decide(cluster: Cluster, options: DeployOptions, owner: LockOwner) {
  const newest = cluster.groups.at(-1);
  // Only the run (and job) that made a group, or the same local invocation (user, host and the inputs
  // that define the deploy), resumes it: another run with the same AMI is another deploy (a new instance
  // type, a new capacity…), not this one's re-run.
  const resume =
    newest &&
    newest.amiId === options.amiId &&
    newest.phase !== 'failed' &&
    newest.phase !== 'rolled-back' &&
    madeBy(newest, owner, options)
      ? newest
      : undefined;
  // Groups of deploys that never finished (crashed, or failed and not cleaned up) are never "previous".
  const abandoned = cluster.groups.filter(
    (g) => g !== resume && (isUnfinished(g.phase) || g.phase === 'failed'),
  );
  const trusted = cluster.groups.filter((g) => !abandoned.includes(g));
  const previous = resume ? sourceOf(cluster, resume) : (servingGroup(cluster) ?? trusted.at(-1));
  // A resumed deploy takes its settings from the group it already made; a new one from the serving group.
  const copyFrom = resume ?? previous;
  const kind: 'previous' | 'base' = options.launchTemplate && !resume ? 'base' : 'previous';
  return { resume, abandoned, previous, copyFrom, kind };
}

/** A read of Promise.allSettled, unwrapped where its check used to be: its error, or its value. */
function settled<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

function madeBy(group: ServerGroup, owner: LockOwner, options: DeployOptions): boolean {
  const recorded = group.tags[TAGS.deployBy];
  // Groups made before the deployer was recorded: the run tag, as it was.
  if (recorded === undefined) return group.tags[TAGS.run] === (owner.run ?? owner.id).slice(0, 256);
  return recorded === rerunKey(owner, deployInvocation(options)).slice(0, 256);
}

/** The tag keys the new group is created with (values do not count toward the limit). */
function plannedTags(plan: DeployPlan): { Key: string }[] {
  const keys = new Set([
    ...plan.userTags.map((t) => t.key),
    TAGS.cluster,
    TAGS.ami,
    TAGS.phase,
    TAGS.run,
    TAGS.deployBy,
    TAGS.targetCapacity,
    'Name',
    ...(plan.previous ? [TAGS.sourceGroup] : []),
    ...(plan.options.promotedFrom ? [TAGS.promotedFrom] : []),
    ...plan.targetGroupArns.map((_, i) => `${TAGS.targetGroupPrefix}${i}`),
  ]);
  return [...keys].map((Key) => ({ Key }));
}

function templateRef(value: string) {
  return value.startsWith('lt-') ? { id: value } : { name: value };
}

/** The group a resumed deploy replaces: the one recorded on it, if it still exists. */
function sourceOf(cluster: Cluster, group: ServerGroup): ServerGroup | undefined {
  const name = group.tags['immutable:source-group'];
  return cluster.groups.find((g) => g.name === name && g.name !== group.name);
}

/** The previous group's capacity, with the inputs overriding it; min ≤ desired ≤ max is checked here (moto does not). */
export function resolveCapacity(options: DeployOptions, previous: Capacity | undefined): Capacity {
  const base = previous ?? { min: 1, max: 1, desired: 1 };
  const min =
    options.minSize ?? (options.maxSize !== undefined ? Math.min(base.min, options.maxSize) : base.min);
  const max = options.maxSize ?? Math.max(base.max, min);
  const desired = options.desiredCapacity ?? Math.min(Math.max(base.desired, min), max);
  if (min > max) throw invalidInput(DEPLOY_INPUTS.minSize, String(min), `at most max-size (${max})`);
  if (desired < min || desired > max) {
    throw invalidInput(
      DEPLOY_INPUTS.desiredCapacity,
      String(desired),
      `between min-size (${min}) and max-size (${max})`,
    );
  }
  return { min, max, desired };
}

/**
 * Abandoned groups (unfinished or failed deploys), then the oldest beyond max-groups; never the new
 * group nor the one that served before it.
 */
function groupsToDelete(plan: DeployPlan, abandoned: readonly ServerGroup[]): ServerGroup[] {
  // Highlander: once the new group has served through the bake time, it is the only one left.
  if (plan.options.strategy === 'highlander')
    return plan.cluster.groups.filter((g) => g.name !== plan.newGroupName);
  const keep = new Set([plan.newGroupName, plan.previous?.name]);
  const doomed = abandoned.filter((g) => !keep.has(g.name));
  const remaining = plan.cluster.groups.filter((g) => !doomed.includes(g));
  const excess = remaining.length + (plan.resume ? 0 : 1) - plan.options.maxGroups;
  const old = excess > 0 ? remaining.filter((g) => !keep.has(g.name)).slice(0, excess) : [];
  return [...doomed, ...old];
}

export function describePlan(plan: DeployPlan): string[] {
  const { options } = plan;
  const rolling = options.strategy === 'rolling-red-black' && plan.previous;
  const lines = [
    `Strategy ${options.strategy}${rolling ? ` in steps of ${options.percentages.join('%, ')}%${options.stepWaitMs > 0 ? `, ${Math.round(options.stepWaitMs / 1000)}s apart` : ''}` : ''}`,
    `${plan.resume ? 'Resume' : 'Create'} ${plan.newGroupName} in cluster ${plan.options.cluster} with ${plan.image.id}${plan.image.name ? ` (${plan.image.name})` : ''}`,
    ...plan.copied.map((line) => `  ${line}`),
    ...(plan.carried.length > 0
      ? [
          `  carried over from ${plan.previous?.name ?? 'the previous group'}:`,
          ...plan.carried.map((l) => `    ${l}`),
        ]
      : []),
    `  health check ${plan.healthCheckType}, grace ${plan.healthCheckGracePeriod}s; wait up to ${Math.round(plan.options.healthTimeoutMs / 1000)}s for it to be healthy`,
    plan.previous
      ? `Disable ${plan.previous.name} (${options.previousGroup === 'scale-to-zero' ? 'then scale it to zero after the bake time, recording its capacity' : 'keep its instances warm for rollback'})`
      : 'No previous group to disable (first deploy)',
    ...(plan.options.alarmNames.length > 0 && plan.options.bakeTimeMs > 0
      ? [
          `Watch ${plan.options.alarmNames.join(', ')} for ${Math.round(plan.options.bakeTimeMs / 1000)}s; roll back to ${plan.previous?.name ?? 'nothing'} if one goes to ALARM`,
        ]
      : []),
    ...plan.toDelete
      .filter((g) => isUnfinished(g.phase))
      .map(
        (g) =>
          `Found ${g.name} half-done by another deploy (${g.tags[TAGS.deployBy] ?? g.tags[TAGS.run] ?? 'unknown'}, phase ${g.phase}): its lock is gone, so it is removed once the new group serves`,
      ),
    plan.toDelete.length > 0
      ? `Delete ${plan.toDelete.map((g) => g.name).join(', ')} (${options.strategy === 'highlander' ? 'highlander: only the new group remains; a rollback redeploys an earlier AMI' : `max-groups ${plan.options.maxGroups}`})`
      : `Delete nothing (max-groups ${plan.options.maxGroups})`,
  ];
  return lines;
}
