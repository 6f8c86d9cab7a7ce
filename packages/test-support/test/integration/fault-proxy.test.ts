import { request } from 'node:http';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { cbor } from '@smithy/core/cbor';
import { createAwsClients, isTransientAwsError, type AwsClients } from '@immutable-actions/core';
import {
  fixtureClients,
  startFaultProxy,
  startMoto,
  useMotoEnv,
  type FaultProxy,
  type FaultProxyOptions,
  type Moto,
} from '../../src';

let moto: Moto;
let restoreEnv: () => void;
const proxies: FaultProxy[] = [];
const clients: AwsClients[] = [];

beforeAll(async () => {
  moto = await startMoto();
  // Dummy credentials and region from moto's env; AWS_ENDPOINT_URL is pointed at a proxy per test.
  restoreEnv = useMotoEnv(moto);
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const p of proxies) await p.stop();
  restoreEnv?.();
  await moto?.stop();
});

async function proxy(options: Omit<FaultProxyOptions, 'target'> = {}): Promise<FaultProxy> {
  const started = await startFaultProxy({ target: moto.endpoint, ...options });
  proxies.push(started);
  return started;
}

/** The product's own clients (adaptive retry, maxAttempts 8 unless told), reaching moto through `via`. */
function awsVia(via: FaultProxy, options: { maxAttempts?: number; onCall?: () => void } = {}): AwsClients {
  process.env.AWS_ENDPOINT_URL = via.endpoint;
  const aws = createAwsClients({ region: 'us-east-1', ...options });
  clients.push(aws);
  return aws;
}

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, it succeeded');
}

type Call = () => Promise<unknown>;

/** Each call `perService` times, in order within a service, the services concurrently; each call's outcome. */
async function outcomesOf(services: Call[], perService: number): Promise<string[][]> {
  return Promise.all(
    services.map(async (call) => {
      const seen: string[] = [];
      for (let i = 0; i < perService; i++) {
        try {
          await call();
          seen.push('ok');
        } catch (error) {
          const e = error as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
          seen.push(`${e.name}/${e.$metadata?.httpStatusCode ?? e.code ?? '?'}`);
        }
      }
      return seen;
    }),
  );
}

const RATES = { throttle: 0.3, error: 0.1, reset: 0.1 };

/**
 * Raw SDK clients (standard retry, one attempt) through a fresh faulty proxy: each outcome is exactly the
 * proxy's decision for that request, without the adaptive rate limiter's waits.
 */
async function rawWorkload(seed: number, perService: number) {
  const faulty = await proxy({ seed, rates: RATES });
  const raw = fixtureClients({ ...moto, endpoint: faulty.endpoint });
  try {
    const outcomes = await outcomesOf(
      [
        () => raw.autoScaling.send(new DescribeAutoScalingGroupsCommand({})),
        () => raw.ec2.send(new DescribeImagesCommand({ Owners: ['self'] })),
        () => raw.elbv2.send(new DescribeTargetGroupsCommand({})),
      ],
      perService,
    );
    return { outcomes, stats: faulty.stats() };
  } finally {
    raw.destroy();
    await faulty.stop();
  }
}

describe('fault proxy in front of moto', () => {
  it('counts each call by signing name and operation, CloudWatch included', async () => {
    const counting = await proxy();
    const aws = awsVia(counting);
    for (let i = 0; i < 3; i++) await aws.autoScaling.describeAutoScalingGroups({});
    for (let i = 0; i < 2; i++) await aws.ec2.describeImages({ Owners: ['self'] });
    const alarms = await aws.cloudWatch.describeAlarms({});
    expect(alarms.MetricAlarms).toEqual([]);

    expect(counting.stats()).toEqual({
      total: 6,
      byOperation: {
        'autoscaling:DescribeAutoScalingGroups': 3,
        'ec2:DescribeImages': 2,
        // @aws-sdk/client-cloudwatch speaks awsJson1_0 (X-Amz-Target GraniteServiceVersion20100801.*).
        'monitoring:DescribeAlarms': 1,
      },
      faults: { throttle: 0, error: 0, reset: 0 },
    });
    counting.resetStats();
    expect(counting.stats()).toEqual({
      total: 0,
      byOperation: {},
      faults: { throttle: 0, error: 0, reset: 0 },
    });
  });

  it('with 30% throttles, 10% 500s and 10% resets, 40 describes all succeed through adaptive retry', async () => {
    const faulty = await proxy({ seed: 7, rates: RATES });
    let attempts = 0;
    const aws = awsVia(faulty, { onCall: () => attempts++ });
    // Each service's client waits on its own adaptive limiter, so the four run side by side.
    const outcomes = await outcomesOf(
      [
        () => aws.autoScaling.describeAutoScalingGroups({}),
        () => aws.ec2.describeImages({ Owners: ['self'] }),
        () => aws.elbv2.describeTargetGroups({}),
        () => aws.cloudWatch.describeAlarms({}),
      ],
      10,
    );
    const stats = faulty.stats();
    expect(outcomes.flat()).toEqual(Array.from({ length: 40 }, () => 'ok'));
    expect(stats.faults.throttle).toBeGreaterThanOrEqual(1);
    expect(stats.faults.error).toBeGreaterThanOrEqual(1);
    expect(stats.faults.reset).toBeGreaterThanOrEqual(1);
    const faults = stats.faults.throttle + stats.faults.error + stats.faults.reset;
    // Every faulted attempt was retried: the wire saw the 40 successes plus one attempt per fault.
    expect(stats.total).toBe(40 + faults);
    // The product's own per-attempt counter (SDK middleware) agrees with the proxy.
    expect(attempts).toBe(stats.total);
    expect(Object.keys(stats.byOperation).sort()).toEqual([
      'autoscaling:DescribeAutoScalingGroups',
      'ec2:DescribeImages',
      'elasticloadbalancing:DescribeTargetGroups',
      'monitoring:DescribeAlarms',
    ]);
  });

  it('the same seed gives the same faults, call by call', async () => {
    const first = await rawWorkload(11, 20);
    const second = await rawWorkload(11, 20);
    const other = await rawWorkload(12, 20);
    expect(first.stats.faults.throttle).toBeGreaterThan(0);
    expect(first.stats.faults.error + first.stats.faults.reset).toBeGreaterThan(0);
    expect(first.outcomes.flat()).toContain('ok');
    expect(second.outcomes).toEqual(first.outcomes);
    expect(second.stats).toEqual(first.stats);
    expect(other.outcomes).not.toEqual(first.outcomes);
  });

  it('injects faults the SDK and isTransientAwsError classify as transient', async () => {
    const faulty = await proxy({ rates: { throttle: 1 } });
    const aws = awsVia(faulty, { maxAttempts: 1 });

    const ec2 = await rejection(aws.ec2.describeImages({ Owners: ['self'] }));
    expect(ec2.name).toBe('RequestLimitExceeded');
    expect(ec2.$metadata?.httpStatusCode).toBe(400);
    expect(isTransientAwsError(ec2)).toBe(true);

    const autoScaling = await rejection(aws.autoScaling.describeAutoScalingGroups({}));
    expect(autoScaling.name).toBe('Throttling');
    expect(isTransientAwsError(autoScaling)).toBe(true);

    const elbv2 = await rejection(aws.elbv2.describeTargetGroups({}));
    expect(elbv2.name).toBe('Throttling');

    const cloudWatch = await rejection(aws.cloudWatch.describeAlarms({}));
    expect(cloudWatch.name).toBe('ThrottlingException');
    expect(isTransientAwsError(cloudWatch)).toBe(true);

    faulty.setRates({ throttle: 0, error: 1 });
    const serverError = await rejection(aws.autoScaling.describeAutoScalingGroups({}));
    expect(serverError.$metadata?.httpStatusCode).toBe(500);
    expect(isTransientAwsError(serverError)).toBe(true);
    const ec2ServerError = await rejection(aws.ec2.describeImages({ Owners: ['self'] }));
    expect(ec2ServerError.$metadata?.httpStatusCode).toBe(500);
    expect(isTransientAwsError(ec2ServerError)).toBe(true);

    faulty.setRates({ error: 0, reset: 1 });
    const reset = await rejection(aws.ec2.describeImages({ Owners: ['self'] }));
    expect(isTransientAwsError(reset)).toBe(true);

    expect(faulty.stats().faults).toEqual({ throttle: 4, error: 2, reset: 1 });
  });

  it('decides faults before forwarding: a faulted create never reaches moto', async () => {
    const faulty = await proxy({ rates: { throttle: 1 } });
    const aws = awsVia(faulty, { maxAttempts: 1 });
    const create = await rejection(
      aws.ec2.createLaunchTemplate({
        LaunchTemplateName: 'never-created',
        LaunchTemplateData: { InstanceType: 't3.micro' },
      }),
    );
    expect(create.name).toBe('RequestLimitExceeded');

    const direct = fixtureClients(moto);
    try {
      const templates = await direct.ec2.send(new DescribeLaunchTemplatesCommand({}));
      expect((templates.LaunchTemplates ?? []).map((t) => t.LaunchTemplateName)).not.toContain(
        'never-created',
      );
    } finally {
      direct.destroy();
    }
  });

  it('limits faults with only and faultFirst', async () => {
    const faulty = await proxy({
      rates: { throttle: 1 },
      faultFirst: 2,
      only: (service) => service === 'ec2',
    });
    const aws = awsVia(faulty, { maxAttempts: 1 });
    await aws.ec2.describeImages({ Owners: ['self'] });
    await aws.ec2.describeImages({ Owners: ['self'] });
    await expect(aws.ec2.describeImages({ Owners: ['self'] })).rejects.toThrow(
      expect.objectContaining({ name: 'RequestLimitExceeded' }),
    );
    await aws.autoScaling.describeAutoScalingGroups({});
    expect(faulty.stats()).toEqual({
      total: 4,
      byOperation: { 'ec2:DescribeImages': 3, 'autoscaling:DescribeAutoScalingGroups': 1 },
      faults: { throttle: 1, error: 0, reset: 0 },
    });
  });

  it('answers a smithy-rpcv2-cbor throttle with a CBOR error body', async () => {
    const faulty = await proxy({ rates: { throttle: 1 } });
    const response = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
      (resolve, reject) => {
        const req = request(
          `${faulty.endpoint}/service/GraniteServiceVersion20100801/operation/DescribeAlarms`,
          {
            method: 'POST',
            agent: false,
            headers: {
              'content-type': 'application/cbor',
              'smithy-protocol': 'rpc-v2-cbor',
              authorization:
                'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/monitoring/aws4_request, SignedHeaders=host, Signature=0',
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on('error', reject);
        req.end(Buffer.from([0xa0]));
      },
    );
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/cbor');
    expect(response.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    expect(cbor.deserialize(new Uint8Array(response.body))).toEqual({
      __type: 'ThrottlingException',
      message: 'Rate exceeded',
    });
    expect(faulty.stats().byOperation).toEqual({ 'monitoring:DescribeAlarms': 1 });
  });

  it('answers the notification configurations moto lacks, as AWS does, once each: no 500 for the SDK to retry', async () => {
    const counting = await proxy();
    const aws = awsVia(counting);
    // No such group in moto: the proxy plays AWS's notification store alone.
    const group = 'gap-v000';
    expect(await aws.autoScaling.listNotificationConfigurations({ AutoScalingGroupNames: [group] })).toEqual(
      [],
    );
    await aws.autoScaling.putNotificationConfiguration({
      AutoScalingGroupName: group,
      TopicARN: 'arn:aws:sns:us-east-1:123456789012:ops',
      NotificationTypes: ['autoscaling:EC2_INSTANCE_LAUNCH_ERROR', 'autoscaling:EC2_INSTANCE_LAUNCH'],
    });
    const listed = await aws.autoScaling.listNotificationConfigurations({ AutoScalingGroupNames: [group] });
    expect(listed.map((n) => [n.AutoScalingGroupName, n.TopicARN, n.NotificationType])).toEqual([
      [group, 'arn:aws:sns:us-east-1:123456789012:ops', 'autoscaling:EC2_INSTANCE_LAUNCH'],
      [group, 'arn:aws:sns:us-east-1:123456789012:ops', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR'],
    ]);
    expect(
      await aws.autoScaling.listNotificationConfigurations({ AutoScalingGroupNames: ['gap-v001'] }),
    ).toEqual([]);
    expect(counting.stats().byOperation).toEqual({
      'autoscaling:DescribeNotificationConfigurations': 3,
      'autoscaling:PutNotificationConfiguration': 1,
    });
    expect(counting.timeline().every((t) => t.answeredHere && t.durationMs >= 0)).toBe(true);
  });
});
