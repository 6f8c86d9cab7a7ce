import type { AwsClients } from '../aws/clients';
import { isTransientAwsError } from '../aws/errors';
import { ImmutableError } from '../errors';
import { poll } from '../poll/poller';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';

type DrainClients = Pick<AwsClients, 'elbv2' | 'elb'>;

/** AWS's default deregistration delay and connection-draining timeout, used when attributes cannot be read. */
const DEFAULT_DELAY_SECONDS = 300;

type DrainedGroup = Pick<ServerGroup, 'name' | 'instances' | 'servedTargetGroupArns' | 'targetGroupArns'> &
  Partial<Pick<ServerGroup, 'servedLoadBalancerNames' | 'loadBalancerNames'>>;

/** One place the group's instances may still drain from: how many do now, and for how long at most. */
interface DrainSource {
  label: string;
  draining(): Promise<number>;
  delaySeconds(): Promise<number>;
}

/**
 * Waits until none of the group's instances still drains from the traffic it served, so no instance is
 * terminated while a load balancer finishes its requests: `draining` in its target groups, and still
 * listed by a classic load balancer with connection draining on (AWS lists a deregistered instance as
 * "Instance deregistration currently in progress" until its draining timeout). Bounded by the longest
 * deregistration delay or draining timeout (read from their attributes): once that has passed AWS has
 * finished draining, whatever a describe says. One describe per target group or load balancer a look,
 * never one per instance. Nothing served or nothing draining: no wait at all.
 */
export async function waitUntilDrained(
  aws: DrainClients,
  runtime: Runtime,
  group: DrainedGroup,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const ids = new Set(group.instances.map((i) => i.id));
  if (ids.size === 0) return;
  const sources = [
    ...targetGroupSources(aws, ids, [...new Set([...group.servedTargetGroupArns, ...group.targetGroupArns])]),
    ...classicSources(aws, ids, [
      ...new Set([...(group.servedLoadBalancerNames ?? []), ...(group.loadBalancerNames ?? [])]),
    ]),
  ];
  if (sources.length === 0) return;

  const look = async (): Promise<{ source: DrainSource; left: number }[]> =>
    (await Promise.all(sources.map(async (source) => ({ source, left: await source.draining() })))).filter(
      (s) => s.left > 0,
    );
  const first = await look();
  if (first.length === 0) return;

  // Only the sources something drains from bound the wait (a classic ELB without draining never lists one).
  const delays = await Promise.all(first.map((s) => s.source.delaySeconds()));
  const delayMs = Math.max(...delays) * 1000;
  if (delayMs === 0) return;
  runtime.logger.info(
    `Waiting for ${group.name}'s instances to drain (${[...new Set(first.map((s) => s.source.label))].join(' and ')} ${delayMs / 1000} s) before they are terminated`,
  );
  try {
    await poll(
      runtime,
      {
        what: `${group.name}'s instances to drain`,
        timeoutMs: delayMs,
        minDelayMs: 1_000,
        maxDelayMs: 10_000,
        isTransient: isTransientAwsError,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      async () => {
        const left = (await look()).reduce((sum, s) => sum + s.left, 0);
        return left === 0
          ? { state: 'success', value: undefined }
          : {
              state: 'retry',
              reason: `${left} instance(s) draining`,
              counts: [{ label: 'draining', value: left, of: ids.size }],
            };
      },
    );
  } catch (error) {
    // The delay has passed: AWS has stopped sending them requests, whatever the last look said.
    if (!(error instanceof ImmutableError && error.code === 'TIMEOUT')) throw error;
  }
}

function targetGroupSources(aws: DrainClients, ids: ReadonlySet<string>, arns: string[]): DrainSource[] {
  if (arns.length === 0) return [];
  return arns.map((arn) => ({
    label: 'deregistration delay',
    draining: async () =>
      ((await aws.elbv2.describeTargetHealth({ TargetGroupArn: arn })).TargetHealthDescriptions ?? []).filter(
        (t) => t.Target?.Id && ids.has(t.Target.Id) && t.TargetHealth?.State === 'draining',
      ).length,
    delaySeconds: () =>
      attributeSeconds(async () => {
        const answer = await aws.elbv2.describeTargetGroupAttributes({ TargetGroupArn: arn });
        return answer.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
      }),
  }));
}

/**
 * A classic ELB forgets a deregistered instance at once without connection draining, and lists it (as
 * InService, "Instance deregistration currently in progress") until the draining timeout with it. The
 * group is detached from it before this is asked, so any instance of ours it still lists is draining.
 */
function classicSources(aws: DrainClients, ids: ReadonlySet<string>, names: string[]): DrainSource[] {
  return names.map((name) => ({
    label: 'connection draining',
    draining: async () =>
      ((await aws.elb.describeInstanceHealth({ LoadBalancerName: name })).InstanceStates ?? []).filter(
        (s) => s.InstanceId && ids.has(s.InstanceId) && s.State !== 'Unknown',
      ).length,
    delaySeconds: () =>
      attributeSeconds(async () => {
        const answer = await aws.elb.describeLoadBalancerAttributes({ LoadBalancerName: name });
        const draining = answer.LoadBalancerAttributes?.ConnectionDraining;
        if (!draining) return undefined;
        return draining.Enabled ? String(draining.Timeout ?? DEFAULT_DELAY_SECONDS) : '0';
      }),
  }));
}

async function attributeSeconds(read: () => Promise<string | undefined>): Promise<number> {
  try {
    const seconds = Number(await read());
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DELAY_SECONDS;
  } catch (error) {
    if (isTransientAwsError(error)) throw error;
    return DEFAULT_DELAY_SECONDS;
  }
}
