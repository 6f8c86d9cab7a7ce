import type { AwsClients } from '../aws/clients';
import { isTransientAwsError } from '../aws/errors';
import { describeGroups } from '../cluster/describe';
import type { ServerGroup } from '../cluster/model';
import { poll, type PollOutcome, type PollState } from '../poll/poller';
import type { Runtime } from '../runtime';

export interface HealthReport {
  group: string;
  desired: number;
  inService: number;
  /** InService, healthy to the group, healthy in every target group and InService in every classic ELB. */
  healthy: number;
  instanceIds: string[];
}

type HealthClients = Pick<AwsClients, 'autoScaling' | 'elbv2' | 'elb'>;

/**
 * The target groups whose health counts: a fixed list, or the group's own (`of`), read with a guess of
 * them beside the group (`guess`: those it is expected to serve), so that one round trip serves both.
 */
export type HealthTargetGroups =
  readonly string[] | { guess: readonly string[]; of: (group: ServerGroup) => readonly string[] };

/**
 * Asgard's "operational": at least `desired` instances InService and Healthy, all of them healthy in
 * every target group and InService in every classic load balancer attached to the group. Spinnaker's
 * rule for target health: only `healthy` counts (initial, draining, unused and unhealthy do not).
 * One call for the group and one per target group or load balancer, whatever the size; the target
 * groups are read beside the group, in the same round trip.
 */
export async function checkGroupHealth(
  aws: HealthClients,
  groupName: string,
  targetGroups: HealthTargetGroups,
  since?: number,
  onGroup?: (group: ServerGroup) => void,
): Promise<PollState<HealthReport>> {
  const guess = 'guess' in targetGroups ? targetGroups.guess : targetGroups;
  const healthOf = (arn: string) => aws.elbv2.describeTargetHealth({ TargetGroupArn: arn });
  const reads = new Map(guess.map((arn) => [arn, settle(healthOf(arn))] as const));
  const [group] = await describeGroups(aws.autoScaling, [groupName]);
  // A group made a moment ago may not be visible yet (eventual consistency): the timeout bounds the wait.
  if (!group) {
    await Promise.all(reads.values());
    return { state: 'retry', reason: `group ${groupName} is not visible` };
  }
  onGroup?.(group);
  const targetGroupArns = 'guess' in targetGroups ? targetGroups.of(group) : targetGroups;
  const desired = group.capacity.desired;
  const inService = group.instances.filter(
    (i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy',
  );
  if (inService.length < desired) {
    const failed = await failedLaunch(aws, groupName, since ?? group.createdTime.getTime());
    await Promise.all(reads.values());
    if (failed) return { state: 'failure', reason: `a launch failed: ${failed}` };
  }
  let healthyIds = new Set(inService.map((i) => i.id));
  let reason = `${inService.length}/${desired} instances InService`;
  if (inService.length >= desired) {
    for (const arn of targetGroupArns) {
      const answer = await (reads.get(arn) ?? settle(healthOf(arn))).then(unsettle);
      const healthyHere = new Set(
        (answer.TargetHealthDescriptions ?? [])
          .filter((d) => d.TargetHealth?.State === 'healthy' && d.Target?.Id)
          .map((d) => d.Target?.Id as string),
      );
      healthyIds = new Set([...healthyIds].filter((id) => healthyHere.has(id)));
      if (healthyIds.size < desired) {
        reason = `${healthyIds.size}/${desired} instances healthy in ${targetGroupLabel(arn)}`;
        break;
      }
    }
  }
  // A read made beside the group and not needed: its answer, or its error, counts for nothing.
  await Promise.all(reads.values());
  if (inService.length >= desired && healthyIds.size >= desired) {
    for (const name of group.loadBalancerNames) {
      const answer = await aws.elb.describeInstanceHealth({ LoadBalancerName: name });
      const inServiceHere = new Set(
        (answer.InstanceStates ?? []).flatMap((s) =>
          s.State === 'InService' && s.InstanceId ? [s.InstanceId] : [],
        ),
      );
      healthyIds = new Set([...healthyIds].filter((id) => inServiceHere.has(id)));
      if (healthyIds.size < desired) {
        reason = `${healthyIds.size}/${desired} instances InService in classic load balancer ${name}`;
        break;
      }
    }
  }
  const report: HealthReport = {
    group: groupName,
    desired,
    inService: inService.length,
    healthy: healthyIds.size,
    instanceIds: [...healthyIds],
  };
  const counts = [
    { label: 'InService', value: inService.length, of: desired },
    { label: 'healthy', value: Math.min(healthyIds.size, inService.length), of: desired },
  ];
  return healthyIds.size >= desired && inService.length >= desired
    ? { state: 'success', value: report, counts }
    : { state: 'retry', reason, counts };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A read started early, whose error counts only if its answer is used. */
const settle = <T>(read: Promise<T>): Promise<Settled<T>> =>
  read.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

function unsettle<T>(read: Settled<T>): T {
  if (!read.ok) throw read.error;
  return read.value;
}

/**
 * The newest Failed scaling activity since `since` (capacity, quota, a KMS key, a bad AMI): AWS's own
 * StatusMessage, so the deploy fails within one poll naming it instead of waiting out the timeout.
 */
async function failedLaunch(
  aws: HealthClients,
  groupName: string,
  since: number,
): Promise<string | undefined> {
  let activities;
  try {
    activities =
      (await aws.autoScaling.describeScalingActivities({ AutoScalingGroupName: groupName, MaxRecords: 20 }))
        .Activities ?? [];
  } catch (error) {
    if (isTransientAwsError(error)) throw error;
    return undefined; // not knowing why is no reason to fail; the health wait goes on
  }
  // Newest first: a failure that a later launch got past no longer counts.
  const latest = activities.find((a) => (a.StartTime?.getTime() ?? 0) >= since - 1_000);
  const failed = latest?.StatusCode === 'Failed' ? latest : undefined;
  return failed ? (failed.StatusMessage ?? failed.Description ?? 'a scaling activity failed') : undefined;
}

export function targetGroupLabel(arn: string): string {
  return /targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

export interface WaitHealthyOptions {
  timeoutMs: number;
  /** Failed launches from this time on fail the wait (default: since the group was created; an old group's waits pass now). */
  since?: number;
  signal?: AbortSignal | undefined;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Each read of the group, as the check saw it: the last one is the group as it was once healthy. */
  onGroup?: (group: ServerGroup) => void;
}

export async function waitUntilHealthy(
  aws: HealthClients,
  runtime: Runtime,
  groupName: string,
  targetGroups: HealthTargetGroups,
  options: WaitHealthyOptions,
): Promise<PollOutcome<HealthReport>> {
  return poll(
    runtime,
    {
      what: `${groupName} to be healthy`,
      timeoutMs: options.timeoutMs,
      minDelayMs: options.minDelayMs ?? 2_000,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      isTransient: isTransientAwsError,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    // The poller reports each change and a heartbeat (healthy/desired) as progress events.
    () => checkGroupHealth(aws, groupName, targetGroups, options.since, options.onGroup),
  );
}
