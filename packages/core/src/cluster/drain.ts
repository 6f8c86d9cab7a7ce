import type { AwsClients } from '../aws/clients';
import { isTransientAwsError } from '../aws/errors';
import { ImmutableError } from '../errors';
import { poll } from '../poll/poller';
import type { Runtime } from '../runtime';
import type { ServerGroup } from './model';

type DrainClients = Pick<AwsClients, 'elbv2'>;

/** AWS's default deregistration delay, used when a target group's attributes cannot be read. */
const DEFAULT_DELAY_SECONDS = 300;

/**
 * Waits until none of the group's instances is `draining` in the target groups it served, so no instance
 * is terminated while the load balancer still finishes its requests. Bounded by the longest
 * deregistration delay of those target groups (read from their attributes): once that has passed AWS has
 * finished draining, whatever a describe says. One DescribeTargetHealth per target group a look, never
 * one per instance. Nothing served or nothing draining: no wait at all.
 */
export async function waitUntilDrained(
  aws: DrainClients,
  runtime: Runtime,
  group: Pick<ServerGroup, 'name' | 'instances' | 'servedTargetGroupArns' | 'targetGroupArns'>,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const ids = new Set(group.instances.map((i) => i.id));
  const arns = [...new Set([...group.servedTargetGroupArns, ...group.targetGroupArns])];
  if (ids.size === 0 || arns.length === 0) return;

  const draining = async (): Promise<number> => {
    const answers = await Promise.all(
      arns.map((arn) => aws.elbv2.describeTargetHealth({ TargetGroupArn: arn })),
    );
    return answers
      .flatMap((a) => a.TargetHealthDescriptions ?? [])
      .filter((t) => t.Target?.Id && ids.has(t.Target.Id) && t.TargetHealth?.State === 'draining').length;
  };
  if ((await draining()) === 0) return;

  const delays = await Promise.all(arns.map((arn) => deregistrationDelaySeconds(aws, arn)));
  const delayMs = Math.max(...delays) * 1000;
  runtime.logger.info(
    `Waiting for ${group.name}'s instances to drain (deregistration delay ${delayMs / 1000} s) before they are terminated`,
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
        const left = await draining();
        return left === 0
          ? { state: 'success', value: undefined }
          : {
              state: 'retry',
              reason: `${left} target(s) draining`,
              counts: [{ label: 'draining', value: left, of: ids.size }],
            };
      },
    );
  } catch (error) {
    // The delay has passed: AWS has stopped sending them requests, whatever the last look said.
    if (!(error instanceof ImmutableError && error.code === 'TIMEOUT')) throw error;
  }
}

async function deregistrationDelaySeconds(aws: DrainClients, arn: string): Promise<number> {
  try {
    const answer = await aws.elbv2.describeTargetGroupAttributes({ TargetGroupArn: arn });
    const value = answer.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
    const seconds = Number(value);
    return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DELAY_SECONDS;
  } catch (error) {
    if (isTransientAwsError(error)) throw error;
    return DEFAULT_DELAY_SECONDS;
  }
}
