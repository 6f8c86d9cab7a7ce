import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribePoliciesCommand,
  DescribeScalingActivitiesCommand,
  DetachLoadBalancerTargetGroupsCommand,
  PutScalingPolicyCommand,
  paginateDescribeScalingActivities,
  type Activity,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createAwsClients, isTransientAwsError, type AwsClients } from '@immutable-actions/core';
import {
  fixtureClients,
  makeAmi,
  runAction,
  startHealthyFloorSampler,
  startRealisticAws,
  useMotoEnv,
  useSeededMoto,
  type HealthyFloorSampler,
  type FixtureClients,
  type RealisticAws,
  type RealisticAwsOptions,
  type RealisticEvent,
} from '../../src';

const { moto, fixtures, net } = useSeededMoto('real');
const started: {
  layers: RealisticAws[];
  clients: { destroy(): void }[];
  samplers: HealthyFloorSampler[];
} = { layers: [], clients: [], samplers: [] };
let restoreEnv: (() => void) | undefined;

beforeAll(() => {
  // Dummy credentials and region for the product's clients; AWS_ENDPOINT_URL is pointed at a layer per test.
  restoreEnv = useMotoEnv(moto);
});

afterEach(async () => {
  for (const sampler of started.samplers.splice(0)) await sampler.stop();
  for (const client of started.clients.splice(0)) client.destroy();
  for (const layer of started.layers.splice(0)) await layer.stop();
});

afterAll(() => restoreEnv?.());

async function layerWith(options: Omit<RealisticAwsOptions, 'moto'>): Promise<RealisticAws> {
  const layer = await startRealisticAws({ moto, ...options });
  started.layers.push(layer);
  return layer;
}

/** Raw SDK clients through the layer, one attempt each: exactly what one request gets. */
function rawVia(layer: RealisticAws): FixtureClients {
  const clients = fixtureClients({ ...moto, endpoint: layer.endpoint });
  started.clients.push(clients);
  return clients;
}

/** The product's own clients (adaptive retry, 8 attempts) through the layer, as the bundles build them. */
function productVia(layer: RealisticAws): AwsClients {
  // Each SDK client is made on its first call and reads AWS_ENDPOINT_URL then: tests run one at a time.
  process.env.AWS_ENDPOINT_URL = layer.endpoint;
  const aws = createAwsClients({ region: 'us-east-1' });
  started.clients.push(aws);
  return aws;
}

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, it succeeded');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every 50 ms (real time: the layer is real-time) until `check` answers a value. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function createGroup(
  clients: FixtureClients,
  name: string,
  desired: number,
  targetGroupArns: string[] = [],
  template = net.baseTemplateName,
): Promise<void> {
  await clients.autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: desired,
      MaxSize: desired,
      DesiredCapacity: desired,
      LaunchTemplate: { LaunchTemplateName: template },
      VPCZoneIdentifier: net.subnetIds.join(','),
      TargetGroupARNs: targetGroupArns,
    }),
  );
}

async function groupOf(clients: FixtureClients, name: string) {
  const answer = await clients.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  return answer.AutoScalingGroups?.[0];
}

/** moto's own view (no layer): the instance ids of a group. */
async function motoInstancesOf(name: string): Promise<string[]> {
  return ((await groupOf(fixtures, name))?.Instances ?? []).map((i) => i.InstanceId ?? '');
}

async function targetHealth(clients: FixtureClients, arn: string): Promise<TargetHealthDescription[]> {
  return (
    (await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })))
      .TargetHealthDescriptions ?? []
  );
}

function stateOf(descriptions: TargetHealthDescription[], id: string): string | undefined {
  return descriptions.find((d) => d.Target?.Id === id)?.TargetHealth?.State;
}

async function newTargetGroup(name: string, deregistrationDelaySeconds?: number): Promise<string> {
  const created = await fixtures.elbv2.send(
    new CreateTargetGroupCommand({
      Name: name,
      Protocol: 'HTTP',
      Port: 80,
      VpcId: net.vpcId,
      TargetType: 'instance',
    }),
  );
  const arn = created.TargetGroups?.[0]?.TargetGroupArn;
  if (!arn) throw new Error('CreateTargetGroup returned no ARN');
  if (deregistrationDelaySeconds !== undefined) {
    await fixtures.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: String(deregistrationDelaySeconds) },
        ],
      }),
    );
  }
  return arn;
}

function eventsOf(layer: RealisticAws, kind: RealisticEvent['kind'], subject?: string): RealisticEvent[] {
  return layer
    .timeline()
    .filter((e) => e.kind === kind && (subject === undefined || e.subject.includes(subject)));
}

describe('realistic AWS layer in front of moto', () => {
  it('boot time: a new group is Pending for bootMs, its targets initial until healthMs after boot', async () => {
    const layer = await layerWith({ bootMs: 1500, healthMs: 1000 });
    const aws = rawVia(layer);
    await createGroup(aws, 'boot-v001', 2, [net.targetGroupArn]);
    const ids = await motoInstancesOf('boot-v001');
    expect(ids).toHaveLength(2);

    // moto says InService at once; the layer says what AWS says for the first seconds of a launch.
    expect((await groupOf(fixtures, 'boot-v001'))?.Instances?.map((i) => i.LifecycleState)).toEqual([
      'InService',
      'InService',
    ]);
    expect((await groupOf(aws, 'boot-v001'))?.Instances?.map((i) => i.LifecycleState)).toEqual([
      'Pending',
      'Pending',
    ]);
    const asInstances = await aws.autoScaling.send(
      new DescribeAutoScalingInstancesCommand({ InstanceIds: ids }),
    );
    expect(asInstances.AutoScalingInstances?.map((i) => i.LifecycleState)).toEqual(['Pending', 'Pending']);
    const ec2 = await aws.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    expect(
      ec2.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => [i.State?.Name, i.State?.Code]),
    ).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);
    const initial = await targetHealth(aws, net.targetGroupArn);
    for (const id of ids) {
      expect(initial.find((d) => d.Target?.Id === id)?.TargetHealth).toEqual({
        State: 'initial',
        Reason: 'Elb.RegistrationInProgress',
        Description: 'Target registration is in progress',
      });
    }

    await until('boot', async () =>
      eventsOf(layer, 'instance-in-service', ids[0]).length > 0 ? true : undefined,
    );
    expect((await groupOf(aws, 'boot-v001'))?.Instances?.map((i) => i.LifecycleState)).toEqual([
      'InService',
      'InService',
    ]);
    await until('health', async () => {
      const now = await targetHealth(aws, net.targetGroupArn);
      return ids.every((id) => stateOf(now, id) === 'healthy') ? true : undefined;
    });
    const health = await targetHealth(aws, net.targetGroupArn);
    expect(ids.map((id) => stateOf(health, id))).toEqual(['healthy', 'healthy']);

    // The timeline says when each transition was played: boot, then health, at the configured times.
    for (const id of ids) {
      const [pending] = eventsOf(layer, 'instance-pending', id);
      const [inService] = eventsOf(layer, 'instance-in-service', id);
      const [healthy] = eventsOf(layer, 'target-healthy', id);
      expect(pending && inService && healthy).toBeTruthy();
      expect((inService?.atMs ?? 0) - (pending?.atMs ?? 0)).toBe(1500);
      expect((healthy?.atMs ?? 0) - (inService?.atMs ?? 0)).toBe(1000);
    }
  });

  it('groups there before the layer started are InService and healthy at once (primed)', async () => {
    await createGroup(fixtures, 'primed-v001', 1, [net.targetGroupArn]);
    const [id] = await motoInstancesOf('primed-v001');
    const layer = await layerWith({ bootMs: 5000, healthMs: 5000 });
    const aws = rawVia(layer);
    expect((await groupOf(aws, 'primed-v001'))?.Instances?.map((i) => i.LifecycleState)).toEqual([
      'InService',
    ]);
    expect(stateOf(await targetHealth(aws, net.targetGroupArn), id ?? '')).toBe('healthy');
  });

  it('draining: a deregistered target drains for its target group deregistration delay, then is gone', async () => {
    const arn = await newTargetGroup('drain-tg', 1);
    const layer = await layerWith({ bootMs: 0, healthMs: 200 });
    const aws = rawVia(layer);
    await createGroup(aws, 'drain-v001', 1, [arn]);
    const [id = ''] = await motoInstancesOf('drain-v001');
    await until('healthy', async () =>
      stateOf(await targetHealth(aws, arn), id) === 'healthy' ? true : undefined,
    );

    await aws.autoScaling.send(
      new DetachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: 'drain-v001',
        TargetGroupARNs: [arn],
      }),
    );
    // moto forgets the target at once; AWS keeps it draining for the delay.
    expect(await targetHealth(fixtures, arn)).toEqual([]);
    const draining = await targetHealth(aws, arn);
    expect(draining.map((d) => [d.Target?.Id, d.TargetHealth])).toEqual([
      [
        id,
        {
          State: 'draining',
          Reason: 'Target.DeregistrationInProgress',
          Description: 'Target deregistration is in progress',
        },
      ],
    ]);
    await until(
      'drained',
      async () => ((await targetHealth(aws, arn)).length === 0 ? true : undefined),
      5000,
    );
    const [began] = eventsOf(layer, 'target-draining', id);
    const [ended] = eventsOf(layer, 'target-drained', id);
    expect((ended?.atMs ?? 0) - (began?.atMs ?? 0)).toBe(1000);

    // A configured delay wins over the attribute.
    await layer.stop();
    const quick = await layerWith({ bootMs: 0, healthMs: 0, deregistrationDelayMs: 250 });
    const viaQuick = rawVia(quick);
    await createGroup(viaQuick, 'drain-v002', 1, [arn]);
    const [second = ''] = await motoInstancesOf('drain-v002');
    await until('registered', async () =>
      stateOf(await targetHealth(viaQuick, arn), second) === 'healthy' ? true : undefined,
    );
    await viaQuick.autoScaling.send(
      new DetachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: 'drain-v002',
        TargetGroupARNs: [arn],
      }),
    );
    const [from] = eventsOf(quick, 'target-draining', second);
    await until(
      'drained',
      async () => (eventsOf(quick, 'target-drained', second)[0] ? true : undefined),
      5000,
    );
    expect((eventsOf(quick, 'target-drained', second)[0]?.atMs ?? 0) - (from?.atMs ?? 0)).toBe(250);
  });

  it('eventual consistency: a new launch template is invisible and refused by CreateAutoScalingGroup as AWS does', async () => {
    const layer = await layerWith({
      bootMs: 0,
      healthMs: 0,
      consistency: { launchTemplateMs: 1000, groupMs: 800, policyMs: 800 },
    });
    const raw = rawVia(layer);
    const product = productVia(layer);
    const createdAt = Date.now();
    await raw.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'ec-lt',
        LaunchTemplateData: { ImageId: net.baseAmi, InstanceType: 't3.micro' },
      }),
    );

    const byName = await rejection(
      raw.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['ec-lt'] })),
    );
    expect(byName.name).toBe('InvalidLaunchTemplateName.NotFoundException');
    const all = await raw.ec2.send(new DescribeLaunchTemplatesCommand({}));
    expect(all.LaunchTemplates?.map((t) => t.LaunchTemplateName)).not.toContain('ec-lt');

    // The product's clients retry transient errors 8 times; a ValidationError is not one: one attempt.
    const refused = await rejection(
      product.autoScaling.createAutoScalingGroup({
        AutoScalingGroupName: 'ec-v001',
        MinSize: 1,
        MaxSize: 1,
        DesiredCapacity: 1,
        LaunchTemplate: { LaunchTemplateName: 'ec-lt' },
        VPCZoneIdentifier: net.subnetIds.join(','),
      }),
    );
    expect(refused.name).toBe('ValidationError');
    expect(refused.message).toBe(
      'You must use a valid fully-formed launch template. The specified launch template, with template name ec-lt, does not exist.',
    );
    expect(refused.$metadata?.httpStatusCode).toBe(400);
    expect(refused.$metadata?.attempts).toBe(1);
    expect(isTransientAwsError(refused)).toBe(false);
    expect(await groupOf(fixtures, 'ec-v001')).toBeUndefined();

    await until('the template to be visible', async () =>
      (await raw.ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates?.some(
        (t) => t.LaunchTemplateName === 'ec-lt',
      )
        ? true
        : undefined,
    );
    expect(Date.now() - createdAt).toBeGreaterThanOrEqual(1000);

    await createGroup(raw, 'ec-v001', 1, [], 'ec-lt');
    expect(await groupOf(raw, 'ec-v001')).toBeUndefined();
    expect((await groupOf(fixtures, 'ec-v001'))?.AutoScalingGroupName).toBe('ec-v001');
    await raw.autoScaling.send(
      new PutScalingPolicyCommand({
        AutoScalingGroupName: 'ec-v001',
        PolicyName: 'ec-cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: {
          TargetValue: 50,
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
        },
      }),
    );
    const policies = async (clients: FixtureClients) =>
      (
        await clients.autoScaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: 'ec-v001' }))
      ).ScalingPolicies?.map((p) => p.PolicyName);
    expect(await policies(raw)).toEqual([]);
    expect(await policies(fixtures)).toEqual(['ec-cpu']);
    await until('the group and policy to be visible', async () =>
      (await groupOf(raw, 'ec-v001')) && (await policies(raw))?.length === 1 ? true : undefined,
    );
    expect(eventsOf(layer, 'rejected', 'CreateAutoScalingGroup')).toHaveLength(1);
    expect(eventsOf(layer, 'hidden').map((e) => e.subject.split(':')[0])).toEqual([
      'launch-template',
      'group',
      'policy',
    ]);
  });

  it('lost responses: the create is applied, the connection drops, and the SDK retry meets AlreadyExists', async () => {
    const layer = await layerWith({
      bootMs: 0,
      healthMs: 0,
      loseResponses: [
        { operation: 'CreateLaunchTemplate' },
        { operation: 'CreateAutoScalingGroup', occurrences: [1, 3] },
      ],
    });
    const product = productVia(layer);
    const template = await rejection(
      product.ec2.createLaunchTemplate({
        LaunchTemplateName: 'lost-lt',
        LaunchTemplateData: { ImageId: net.baseAmi, InstanceType: 't3.micro' },
      }),
    );
    expect(template.name).toBe('InvalidLaunchTemplateName.AlreadyExistsException');
    expect(template.$metadata?.attempts).toBe(2);
    const inMoto = await fixtures.ec2.send(
      new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['lost-lt'] }),
    );
    expect(inMoto.LaunchTemplates).toHaveLength(1);

    const create = () =>
      product.autoScaling.createAutoScalingGroup({
        AutoScalingGroupName: 'lost-v001',
        MinSize: 1,
        MaxSize: 1,
        DesiredCapacity: 1,
        LaunchTemplate: { LaunchTemplateName: 'lost-lt' },
        VPCZoneIdentifier: net.subnetIds.join(','),
      });
    const group = await rejection(create());
    // The SDK names the modelled error after its shape (AlreadyExistsFault, code AlreadyExists).
    expect(group.name).toBe('AlreadyExistsFault');
    expect(group.message).toBe(
      'AutoScalingGroup by this name already exists - A group with the name lost-v001 already exists',
    );
    expect(group.$metadata?.attempts).toBe(2);
    expect(await motoInstancesOf('lost-v001')).toHaveLength(1);

    // The third attempt is lost too: a raw client with one attempt sees only the dropped connection.
    const raw = rawVia(layer);
    const dropped = await rejection(
      raw.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'lost-v002',
          MinSize: 0,
          MaxSize: 0,
          DesiredCapacity: 0,
          LaunchTemplate: { LaunchTemplateName: 'lost-lt' },
          VPCZoneIdentifier: net.subnetIds.join(','),
        }),
      ),
    );
    expect(isTransientAwsError(dropped)).toBe(true);
    expect(await groupOf(fixtures, 'lost-v002')).toBeDefined();

    expect(layer.stats().byOperation).toEqual({
      'ec2:CreateLaunchTemplate': 2,
      'autoscaling:CreateAutoScalingGroup': 3,
    });
    expect(eventsOf(layer, 'response-lost').map((e) => e.subject)).toEqual([
      'CreateLaunchTemplate',
      'CreateAutoScalingGroup',
      'CreateAutoScalingGroup',
    ]);
  });

  it('launch failures: the group gets no instances, and DescribeScalingActivities says why', async () => {
    const layer = await layerWith({
      // Long enough that the healthy group is still booting when its activities are first read.
      bootMs: 4000,
      healthMs: 0,
      launchFailures: [{ group: 'lf-bad-*', afterMs: 200, retryMs: 5000 }],
    });
    const aws = rawVia(layer);
    await createGroup(aws, 'lf-bad-v001', 2, [net.targetGroupArn]);
    await createGroup(aws, 'lf-good-v001', 1);
    const hiddenIds = await motoInstancesOf('lf-bad-v001');
    expect(hiddenIds).toHaveLength(2); // moto launched them; the layer hides them everywhere

    const bad = await groupOf(aws, 'lf-bad-v001');
    expect(bad?.DesiredCapacity).toBe(2);
    expect(bad?.Instances).toEqual([]);
    const asInstances = await aws.autoScaling.send(new DescribeAutoScalingInstancesCommand({}));
    expect(asInstances.AutoScalingInstances?.map((i) => i.InstanceId)).not.toEqual(
      expect.arrayContaining([hiddenIds[0]]),
    );
    const ec2 = await aws.ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: ['lf-bad-v001'] }],
      }),
    );
    expect(ec2.Reservations ?? []).toEqual([]);
    const health = await targetHealth(aws, net.targetGroupArn);
    for (const id of hiddenIds) expect(stateOf(health, id)).toBeUndefined();

    const failed = await until('a failed activity', async () => {
      const answer = await aws.autoScaling.send(
        new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'lf-bad-v001' }),
      );
      return answer.Activities?.[0];
    });
    expect(failed).toMatchObject({
      AutoScalingGroupName: 'lf-bad-v001',
      StatusCode: 'Failed',
      Progress: 100,
      Cause: expect.stringMatching(/increasing the capacity from 0 to 2\.$/),
    });
    expect(failed.StatusMessage).toMatch(
      /^We currently do not have sufficient t3\.micro capacity in the Availability Zone you requested \(us-east-1[a-f]\)\. .* Launching EC2 instance failed\.$/,
    );
    expect(failed.Description).toBe(`Launching a new EC2 instance.  Status Reason: ${failed.StatusMessage}`);
    expect(failed.StartTime).toBeInstanceOf(Date);
    expect(JSON.parse(failed.Details ?? '{}')).toEqual({
      'Subnet ID': expect.stringMatching(/^subnet-/),
      'Availability Zone': expect.any(String),
    });

    // Other groups launch: InProgress while booting, Successful after, found through the SDK's paginator.
    const goodActivities = async (): Promise<Activity[]> => {
      const found: Activity[] = [];
      for await (const page of paginateDescribeScalingActivities(
        { client: aws.autoScaling, pageSize: 1 },
        { AutoScalingGroupName: 'lf-good-v001' },
      )) {
        found.push(...(page.Activities ?? []));
      }
      return found;
    };
    const [good] = await motoInstancesOf('lf-good-v001');
    const early = await goodActivities();
    expect(early.map((a) => [a.Description, a.StatusCode])).toEqual([
      [`Launching a new EC2 instance: ${good}`, 'InProgress'],
    ]);
    await until('the launch to finish', async () =>
      (await goodActivities())[0]?.StatusCode === 'Successful' ? true : undefined,
    );
    expect(eventsOf(layer, 'launch-failed', 'lf-bad-v001')[0]?.detail).toBe(failed.StatusMessage);
  });

  it('expired credentials: after the Nth call, or after T ms, every call gets ExpiredToken, not retried', async () => {
    const layer = await layerWith({ expireCredentials: { afterCalls: 2 } });
    const aws = productVia(layer);
    await aws.autoScaling.describeAutoScalingGroups({});
    await aws.ec2.describeImages({ Owners: ['self'] });
    const autoScaling = await rejection(aws.autoScaling.describeAutoScalingGroups({}));
    expect([autoScaling.name, autoScaling.message, autoScaling.$metadata?.httpStatusCode]).toEqual([
      'ExpiredToken',
      'The security token included in the request is expired',
      400,
    ]);
    expect(autoScaling.$metadata?.attempts).toBe(1);
    expect(isTransientAwsError(autoScaling)).toBe(false);
    expect((await rejection(aws.ec2.describeImages({ Owners: ['self'] }))).name).toBe('ExpiredToken');
    expect((await rejection(aws.elbv2.describeTargetGroups({}))).name).toBe('ExpiredToken');
    expect((await rejection(aws.cloudWatch.describeAlarms({}))).name).toBe('ExpiredTokenException');
    // 2 good calls and 4 refused, none retried.
    expect(layer.stats().total).toBe(6);

    const timed = await layerWith({ expireCredentials: { afterMs: 400 } });
    expect(timed.env.AWS_CREDENTIAL_EXPIRATION).toBe(new Date(timed.startedAt + 400).toISOString());
    const later = productVia(timed);
    await later.autoScaling.describeAutoScalingGroups({});
    await sleep(timed.startedAt + 450 - Date.now());
    expect((await rejection(later.autoScaling.describeAutoScalingGroups({}))).name).toBe('ExpiredToken');
    expect(eventsOf(timed, 'credentials-expired')[0]?.atMs).toBe(400);
  });

  it('the healthy-floor sampler records the healthy serving targets and catches a drop', async () => {
    const arn = await newTargetGroup('floor-tg', 0);
    await createGroup(fixtures, 'floor-v001', 2, [arn]);
    const layer = await layerWith({ bootMs: 300, healthMs: 300 });
    const aws = rawVia(layer);
    const sampler = await startHealthyFloorSampler({
      endpoint: layer.endpoint,
      cluster: 'floor',
      intervalMs: 50,
    });
    started.samplers.push(sampler);
    expect(sampler.report().start).toBe(2);

    // A careful switch: the new group's targets are healthy before the old group leaves.
    await createGroup(aws, 'floor-v002', 2, [arn]);
    await until('the new group healthy', async () =>
      (await targetHealth(aws, arn)).filter((d) => d.TargetHealth?.State === 'healthy').length === 4
        ? true
        : undefined,
    );
    await sleep(300); // a few samples of the four
    await aws.autoScaling.send(
      new DetachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: 'floor-v001',
        TargetGroupARNs: [arn],
      }),
    );
    await sleep(200);
    const careful = sampler.report();
    expect(careful.min).toBeGreaterThanOrEqual(careful.start);
    expect(Math.max(...careful.samples.map((s) => s.healthy))).toBe(4);
    expect(careful.samples.length).toBeGreaterThan(3);
    // The sampler's own calls go through the layer but are not counted as the code's.
    expect(layer.stats().byOperation['autoscaling:DescribeAutoScalingGroups']).toBeUndefined();

    // A careless one: the serving group leaves before anything replaces it.
    await aws.autoScaling.send(
      new DetachLoadBalancerTargetGroupsCommand({
        AutoScalingGroupName: 'floor-v002',
        TargetGroupARNs: [arn],
      }),
    );
    await sleep(200);
    const report = await sampler.stop();
    expect(report.min).toBe(0);
    expect(report.min).toBeLessThan(report.start);
    expect(report.errors).toBe(0);
  });

  it('a bundle pointed at the layer (AWS_ENDPOINT_URL) waits through boot and health time', async () => {
    const layer = await layerWith({ bootMs: 800, healthMs: 800 });
    const started = Date.now();
    const run = await runAction('deploy-asg', {
      inputs: {
        cluster: 'bundle',
        'ami-id': await makeAmi(fixtures, 'bundle-1'),
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
        'desired-capacity': '1',
        'max-size': '1',
      },
      env: layer.env,
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const [id] = await motoInstancesOf('bundle-v001');
    const healthy = eventsOf(layer, 'target-healthy', id);
    expect(healthy).toHaveLength(1);
    // The deploy ended after the layer turned the target healthy: it saw Pending and initial first.
    expect(layer.startedAt + (healthy[0]?.atMs ?? 0)).toBeLessThanOrEqual(Date.now());
    expect(Date.now() - started).toBeGreaterThanOrEqual(1600);
    expect(run.stdout).toMatch(/0\/1 instances (InService|healthy)/);
    const stats = layer.stats().byOperation;
    expect(stats['autoscaling:CreateAutoScalingGroup']).toBe(1);
    expect(stats['elasticloadbalancing:DescribeTargetHealth']).toBeGreaterThanOrEqual(1);
  });
});
