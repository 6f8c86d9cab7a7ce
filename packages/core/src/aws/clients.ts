// The AWS SDK is loaded on a client's first call, with import() of ./sdk (only the commands used): an action
// that fails on its inputs should not pay for evaluating it. scripts/build.mjs makes ./sdk a file of its own
// beside each bundle (a require() there, as an import() is), so its ~2 MB are not even read at start (bench/README.md, cold start). Types come from
// `import type` and vanish.
import type {
  AttachLoadBalancersCommandInput,
  AttachLoadBalancerTargetGroupsCommandInput,
  AutoScalingClient,
  DescribeLifecycleHooksCommandInput,
  DescribeNotificationConfigurationsCommandInput,
  DeleteWarmPoolCommandInput,
  DescribeWarmPoolCommandInput,
  DetachLoadBalancersCommandInput,
  EnableMetricsCollectionCommandInput,
  NotificationConfiguration,
  PutLifecycleHookCommandInput,
  PutNotificationConfigurationCommandInput,
  PutWarmPoolCommandInput,
  ScalingPolicy,
  ScheduledUpdateGroupAction,
  CreateAutoScalingGroupCommandInput,
  CreateOrUpdateTagsCommandInput,
  DeleteAutoScalingGroupCommandInput,
  DeleteTagsCommandInput,
  DescribeAutoScalingGroupsCommandInput,
  DescribePoliciesCommandInput,
  DescribeScalingActivitiesCommandInput,
  DescribeScheduledActionsCommandInput,
  DetachLoadBalancerTargetGroupsCommandInput,
  PutScalingPolicyCommandInput,
  PutScheduledUpdateGroupActionCommandInput,
  ResumeProcessesCommandInput,
  SuspendProcessesCommandInput,
  UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import type {
  CloudWatchClient,
  DeleteAlarmsCommandInput,
  DescribeAlarmsCommandInput,
  ListTagsForResourceCommandInput,
  MetricAlarm,
  PutMetricAlarmCommandInput,
} from '@aws-sdk/client-cloudwatch';
import type {
  DeregisterInstancesFromLoadBalancerCommandInput,
  DescribeInstanceHealthCommandInput,
  DescribeLoadBalancerAttributesCommandInput,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import type {
  CreateLaunchTemplateCommandInput,
  CreateTagsCommandInput,
  DeleteLaunchTemplateCommandInput,
  DeleteSnapshotCommandInput,
  DeregisterImageCommandInput,
  DescribeImagesCommandInput,
  DescribeLaunchTemplatesCommandInput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeSubnetsCommandInput,
  DescribeTagsCommandInput,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type {
  DeregisterTargetsCommandInput,
  DescribeTargetGroupsCommandInput,
  DescribeTargetHealthCommandInput,
  DescribeTargetGroupAttributesCommandInput,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type * as Sdk from './sdk';
import { ImmutableError } from '../errors';
import { systemClock, type Clock } from '../runtime';
import { VERSION } from '../version';
import { retryStrategyFromEnv } from './retry-base';
import { keepUnmodelledGroupFields } from './unmodelled-fields';

export interface AwsOptions {
  /** Defaults to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string | undefined;
  /** Attempts per call, including the first. Adaptive retry absorbs throttling and 5xx. */
  maxAttempts?: number;
  /** Called once per HTTP attempt, for call counts in benchmarks and tests. */
  onCall?: (service: string, operation: string) => void;
  /** Another endpoint than AWS_ENDPOINT_URL or AWS's own (a test's proxy). */
  endpoint?: string;
  /** The local clock AWS's is compared with (the skew); the system clock by default. */
  clock?: Clock;
}

/** AWS's clock as its answers tell it: a lease's expiry is judged on this, never on the runner's clock. */
export interface ServerClock extends Clock {
  /** AWS's time minus the local clock's, from the Date header of the latest answer; 0 before any answer. */
  skewMs(): number;
}

/** Resolves the region the way the SDK and configure-aws-credentials do, failing with one clear line. */
export function resolveRegion(region: string | undefined): string {
  const resolved = region?.trim() || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!resolved) {
    throw new ImmutableError(
      'INVALID_INPUT',
      'No AWS region: set the region input, or AWS_REGION (aws-actions/configure-aws-credentials exports it).',
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(resolved)) {
    throw new ImmutableError(
      'INVALID_INPUT',
      `Invalid region ${JSON.stringify(resolved)}: expected e.g. us-east-1.`,
    );
  }
  return resolved;
}

/** The one place AWS clients are built: same region, retry strategy, timeouts and user agent for all. */
export function createAwsClients(options: AwsOptions = {}) {
  const region = resolveRegion(options.region);
  const config = {
    region,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? Number(process.env.IMMUTABLE_AWS_MAX_ATTEMPTS ?? 8),
    customUserAgent: `immutable-actions/${VERSION}`,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  } as const;
  // Each client gets its own retry strategy (rate limiter and retry quota), as the SDK gives by default.
  const clientConfig = async () => ({ ...config, ...(await retryStrategyFromEnv(config.maxAttempts)) });
  const server = serverClockOf(options.clock ?? systemClock);
  // Each client (and its SDK package) is made on its first call; destroy() ends the ones that were made.
  const made: { destroy(): void }[] = [];
  const lazyClient = <C extends Countable & { destroy(): void }>(
    make: () => Promise<C>,
  ): (() => Promise<C>) =>
    once(async () => {
      const client = await make();
      if (options.onCall) countCalls(client, options.onCall);
      readServerDate(client, server.observe);
      made.push(client);
      return client;
    });
  return {
    region,
    serverClock: server.clock,
    autoScaling: autoScalingApiOf(
      lazyClient(async () => {
        const client = new (await sdk()).AutoScalingClient(await clientConfig());
        keepUnmodelledGroupFields(client);
        return client;
      }),
    ),
    ec2: ec2ApiOf(lazyClient(async () => new (await sdk()).EC2Client(await clientConfig()))),
    elbv2: elbv2ApiOf(
      lazyClient(async () => new (await sdk()).ElasticLoadBalancingV2Client(await clientConfig())),
    ),
    elb: elbApiOf(lazyClient(async () => new (await sdk()).ElasticLoadBalancingClient(await clientConfig()))),
    cloudWatch: cloudWatchApiOf(
      lazyClient(async () => new (await sdk()).CloudWatchClient(await clientConfig())),
    ),
    /** When the SDK's credentials expire, where it knows (AWS_CREDENTIAL_EXPIRATION, an assumed role). */
    async credentialsExpiration(): Promise<Date | undefined> {
      const client = new (await sdk()).AutoScalingClient(await clientConfig());
      try {
        return (await client.config.credentials()).expiration;
      } finally {
        client.destroy();
      }
    },
    destroy(): void {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

// A literal specifier: the bundler makes ./sdk a file of its own, loaded on the first call.
// require(), not import(): the CLI runs these sources through tsx's CommonJS hook, which import() bypasses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = once(async (): Promise<typeof Sdk> => require('./sdk') as typeof Sdk);

export type AwsClients = ReturnType<typeof createAwsClients>;

interface Countable {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'deserialize'; name: string }): void;
  };
}

function countCalls(client: Countable, onCall: (service: string, operation: string) => void): void {
  // The deserialize step runs once per attempt, inside the retry loop: this counts what reaches the wire.
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) =>
      (args: unknown) => {
        onCall(context.clientName ?? 'unknown', context.commandName ?? 'unknown');
        return next(args);
      },
    { step: 'deserialize', name: 'immutableCallCounter' },
  );
}

function serverClockOf(local: Clock): { clock: ServerClock; observe(date: string | undefined): void } {
  let skew = 0;
  return {
    clock: { now: () => local.now() + skew, skewMs: () => skew },
    observe(date) {
      const at = date === undefined ? Number.NaN : Date.parse(date);
      // The header has whole seconds: the answer was made somewhere in that second, so take its middle.
      if (Number.isFinite(at)) skew = at + 500 - local.now();
    },
  };
}

/** Every answer, an error too, carries AWS's Date header: keep the latest as the server clock. */
function readServerDate(client: Countable, observe: (date: string | undefined) => void): void {
  const dateOf = (response: unknown): string | undefined => {
    const headers = (response as { headers?: Record<string, string | undefined> } | undefined)?.headers;
    return headers?.date ?? headers?.Date;
  };
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      try {
        const result = await next(args);
        observe(dateOf((result as { response?: unknown }).response));
        return result;
      } catch (error) {
        observe(dateOf((error as { $response?: unknown } | undefined)?.$response));
        throw error;
      }
    },
    { step: 'deserialize', name: 'immutableServerClock' },
  );
}

export function autoScalingApi(client: AutoScalingClient) {
  return autoScalingApiOf(async () => client);
}

function autoScalingApiOf(client: () => Promise<AutoScalingClient>) {
  return {
    describeAutoScalingGroups: async (input: DescribeAutoScalingGroupsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeAutoScalingGroupsCommand(input)),
    createAutoScalingGroup: async (input: CreateAutoScalingGroupCommandInput) =>
      (await client()).send(new (await sdk()).CreateAutoScalingGroupCommand(input)),
    updateAutoScalingGroup: async (input: UpdateAutoScalingGroupCommandInput) =>
      (await client()).send(new (await sdk()).UpdateAutoScalingGroupCommand(input)),
    deleteAutoScalingGroup: async (input: DeleteAutoScalingGroupCommandInput) =>
      (await client()).send(new (await sdk()).DeleteAutoScalingGroupCommand(input)),
    suspendProcesses: async (input: SuspendProcessesCommandInput) =>
      (await client()).send(new (await sdk()).SuspendProcessesCommand(input)),
    resumeProcesses: async (input: ResumeProcessesCommandInput) =>
      (await client()).send(new (await sdk()).ResumeProcessesCommand(input)),
    attachTargetGroups: async (input: AttachLoadBalancerTargetGroupsCommandInput) =>
      (await client()).send(new (await sdk()).AttachLoadBalancerTargetGroupsCommand(input)),
    detachTargetGroups: async (input: DetachLoadBalancerTargetGroupsCommandInput) =>
      (await client()).send(new (await sdk()).DetachLoadBalancerTargetGroupsCommand(input)),
    createOrUpdateTags: async (input: CreateOrUpdateTagsCommandInput) =>
      (await client()).send(new (await sdk()).CreateOrUpdateTagsCommand(input)),
    deleteTags: async (input: DeleteTagsCommandInput) =>
      (await client()).send(new (await sdk()).DeleteTagsCommand(input)),
    describePolicies: async (input: DescribePoliciesCommandInput) =>
      (await client()).send(new (await sdk()).DescribePoliciesCommand(input)),
    putScalingPolicy: async (input: PutScalingPolicyCommandInput) =>
      (await client()).send(new (await sdk()).PutScalingPolicyCommand(input)),
    describeScheduledActions: async (input: DescribeScheduledActionsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeScheduledActionsCommand(input)),
    putScheduledAction: async (input: PutScheduledUpdateGroupActionCommandInput) =>
      (await client()).send(new (await sdk()).PutScheduledUpdateGroupActionCommand(input)),
    describeScalingActivities: async (input: DescribeScalingActivitiesCommandInput) =>
      (await client()).send(new (await sdk()).DescribeScalingActivitiesCommand(input)),
    /** Every policy of a group, page by page. */
    listPolicies: async (input: DescribePoliciesCommandInput): Promise<ScalingPolicy[]> => {
      const all: ScalingPolicy[] = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribePolicies({ client: await client() }, input))
        all.push(...(page.ScalingPolicies ?? []));
      return all;
    },
    /** Every scheduled action of a group, page by page. */
    listScheduledActions: async (
      input: DescribeScheduledActionsCommandInput,
    ): Promise<ScheduledUpdateGroupAction[]> => {
      const all: ScheduledUpdateGroupAction[] = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribeScheduledActions({ client: await client() }, input))
        all.push(...(page.ScheduledUpdateGroupActions ?? []));
      return all;
    },
    listNotificationConfigurations: async (
      input: DescribeNotificationConfigurationsCommandInput,
    ): Promise<NotificationConfiguration[]> => {
      const all: NotificationConfiguration[] = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribeNotificationConfigurations(
        { client: await client() },
        input,
      ))
        all.push(...(page.NotificationConfigurations ?? []));
      return all;
    },
    putNotificationConfiguration: async (input: PutNotificationConfigurationCommandInput) =>
      (await client()).send(new (await sdk()).PutNotificationConfigurationCommand(input)),
    describeLifecycleHooks: async (input: DescribeLifecycleHooksCommandInput) =>
      (await client()).send(new (await sdk()).DescribeLifecycleHooksCommand(input)),
    putLifecycleHook: async (input: PutLifecycleHookCommandInput) =>
      (await client()).send(new (await sdk()).PutLifecycleHookCommand(input)),
    describeWarmPool: async (input: DescribeWarmPoolCommandInput) =>
      (await client()).send(new (await sdk()).DescribeWarmPoolCommand(input)),
    putWarmPool: async (input: PutWarmPoolCommandInput) =>
      (await client()).send(new (await sdk()).PutWarmPoolCommand(input)),
    deleteWarmPool: async (input: DeleteWarmPoolCommandInput) =>
      (await client()).send(new (await sdk()).DeleteWarmPoolCommand(input)),
    enableMetricsCollection: async (input: EnableMetricsCollectionCommandInput) =>
      (await client()).send(new (await sdk()).EnableMetricsCollectionCommand(input)),
    attachLoadBalancers: async (input: AttachLoadBalancersCommandInput) =>
      (await client()).send(new (await sdk()).AttachLoadBalancersCommand(input)),
    detachLoadBalancers: async (input: DetachLoadBalancersCommandInput) =>
      (await client()).send(new (await sdk()).DetachLoadBalancersCommand(input)),
  };
}
export type AutoScalingApi = ReturnType<typeof autoScalingApi>;

export function ec2Api(client: EC2Client) {
  return ec2ApiOf(async () => client);
}

function ec2ApiOf(client: () => Promise<EC2Client>) {
  return {
    describeImages: async (input: DescribeImagesCommandInput) =>
      (await client()).send(new (await sdk()).DescribeImagesCommand(input)),
    createTags: async (input: CreateTagsCommandInput) =>
      (await client()).send(new (await sdk()).CreateTagsCommand(input)),
    describeTags: async (input: DescribeTagsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeTagsCommand(input)),
    deregisterImage: async (input: DeregisterImageCommandInput) =>
      (await client()).send(new (await sdk()).DeregisterImageCommand(input)),
    deleteSnapshot: async (input: DeleteSnapshotCommandInput) =>
      (await client()).send(new (await sdk()).DeleteSnapshotCommand(input)),
    describeSubnets: async (input: DescribeSubnetsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeSubnetsCommand(input)),
    describeLaunchTemplates: async (input: DescribeLaunchTemplatesCommandInput) =>
      (await client()).send(new (await sdk()).DescribeLaunchTemplatesCommand(input)),
    describeLaunchTemplateVersions: async (input: DescribeLaunchTemplateVersionsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeLaunchTemplateVersionsCommand(input)),
    createLaunchTemplate: async (input: CreateLaunchTemplateCommandInput) =>
      (await client()).send(new (await sdk()).CreateLaunchTemplateCommand(input)),
    deleteLaunchTemplate: async (input: DeleteLaunchTemplateCommandInput) =>
      (await client()).send(new (await sdk()).DeleteLaunchTemplateCommand(input)),
  };
}
export type Ec2Api = ReturnType<typeof ec2Api>;

export function elbv2Api(client: ElasticLoadBalancingV2Client) {
  return elbv2ApiOf(async () => client);
}

function elbv2ApiOf(client: () => Promise<ElasticLoadBalancingV2Client>) {
  return {
    describeTargetGroups: async (input: DescribeTargetGroupsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeTargetGroupsCommand(input)),
    describeTargetHealth: async (input: DescribeTargetHealthCommandInput) =>
      (await client()).send(new (await sdk()).DescribeTargetHealthCommand(input)),
    registerTargets: async (input: RegisterTargetsCommandInput) =>
      (await client()).send(new (await sdk()).RegisterTargetsCommand(input)),
    deregisterTargets: async (input: DeregisterTargetsCommandInput) =>
      (await client()).send(new (await sdk()).DeregisterTargetsCommand(input)),
    describeTargetGroupAttributes: async (input: DescribeTargetGroupAttributesCommandInput) =>
      (await client()).send(new (await sdk()).DescribeTargetGroupAttributesCommand(input)),
  };
}
export type Elbv2Api = ReturnType<typeof elbv2Api>;

export function cloudWatchApi(client: CloudWatchClient) {
  return cloudWatchApiOf(async () => client);
}

function cloudWatchApiOf(client: () => Promise<CloudWatchClient>) {
  return {
    describeAlarms: async (input: DescribeAlarmsCommandInput) =>
      (await client()).send(new (await sdk()).DescribeAlarmsCommand(input)),
    /** Every metric alarm matching the input, page by page. */
    listMetricAlarms: async (input: DescribeAlarmsCommandInput): Promise<MetricAlarm[]> => {
      const all: MetricAlarm[] = [];
      const loaded = await sdk();
      for await (const page of loaded.paginateDescribeAlarms({ client: await client() }, input))
        all.push(...(page.MetricAlarms ?? []));
      return all;
    },
    putMetricAlarm: async (input: PutMetricAlarmCommandInput) =>
      (await client()).send(new (await sdk()).PutMetricAlarmCommand(input)),
    deleteAlarms: async (input: DeleteAlarmsCommandInput) =>
      (await client()).send(new (await sdk()).DeleteAlarmsCommand(input)),
    listTagsForResource: async (input: ListTagsForResourceCommandInput) =>
      (await client()).send(new (await sdk()).ListTagsForResourceCommand(input)),
  };
}
export type CloudWatchApi = ReturnType<typeof cloudWatchApi>;

export function elbApi(client: ElasticLoadBalancingClient) {
  return elbApiOf(async () => client);
}

/** Classic load balancers: only what traffic and health need (attachment goes through Auto Scaling). */
function elbApiOf(client: () => Promise<ElasticLoadBalancingClient>) {
  return {
    describeInstanceHealth: async (input: DescribeInstanceHealthCommandInput) =>
      (await client()).send(new (await sdk()).DescribeInstanceHealthCommand(input)),
    deregisterInstances: async (input: DeregisterInstancesFromLoadBalancerCommandInput) =>
      (await client()).send(new (await sdk()).DeregisterInstancesFromLoadBalancerCommand(input)),
    /** ConnectionDraining (enabled, timeout): how long a deregistered instance still finishes requests. */
    describeLoadBalancerAttributes: async (input: DescribeLoadBalancerAttributesCommandInput) =>
      (await client()).send(new (await sdk()).DescribeLoadBalancerAttributesCommand(input)),
  };
}
export type ElbApi = ReturnType<typeof elbApi>;
