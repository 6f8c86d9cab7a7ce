import type { AwsClients } from '../aws/clients';
import { isTransientAwsError } from '../aws/errors';
import { describeGroups } from '../cluster/describe';
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
 * Asgard's "operational": at least `desired` instances InService and Healthy, all of them healthy in
 * every target group and InService in every classic load balancer attached to the group. Spinnaker's
 * rule for target health: only `healthy` counts (initial, draining, unused and unhealthy do not).
 * One call for the group and one per target group or load balancer, whatever the size.
 */
export async function checkGroupHealth(
  aws: HealthClients,
  groupName: string,
  targetGroupArns: readonly string[],
): Promise<PollState<HealthReport>> {
  const [group] = await describeGroups(aws.autoScaling, [groupName]);
  if (!group) return { state: 'failure', reason: `group ${groupName} no longer exists` };
  const desired = group.capacity.desired;
  const inService = group.instances.filter(
    (i) => i.lifecycleState === 'InService' && i.healthStatus === 'Healthy',
  );
  let healthyIds = new Set(inService.map((i) => i.id));
  let reason = `${inService.length}/${desired} instances InService`;
  if (inService.length >= desired) {
    for (const arn of targetGroupArns) {
      const answer = await aws.elbv2.describeTargetHealth({ TargetGroupArn: arn });
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
  return healthyIds.size >= desired && inService.length >= desired
    ? { state: 'success', value: report }
    : { state: 'retry', reason };
}

export function targetGroupLabel(arn: string): string {
  return /targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

export interface WaitHealthyOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export async function waitUntilHealthy(
  aws: HealthClients,
  runtime: Runtime,
  groupName: string,
  targetGroupArns: readonly string[],
  options: WaitHealthyOptions,
): Promise<PollOutcome<HealthReport>> {
  let lastLogged = '';
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
    async () => {
      const state = await checkGroupHealth(aws, groupName, targetGroupArns);
      if (state.state === 'retry' && state.reason !== lastLogged) {
        runtime.logger.info(`${groupName}: ${state.reason}`);
        lastLogged = state.reason;
      }
      return state;
    },
  );
}
