// The SDK clients are loaded on first use, not when this module loads: each @aws-sdk/client-* package costs
// 150-650 ms to evaluate, and an action that fails on its inputs, or a run that never talks to CloudWatch,
// should not pay for it (bench/README.md, cold start). Types come from `import type` and vanish at runtime.
import type * as AutoScalingSdk from '@aws-sdk/client-auto-scaling';
import type {
  AttachLoadBalancerTargetGroupsCommandInput,
  AutoScalingClient,
  CreateAutoScalingGroupCommandInput,
  CreateOrUpdateTagsCommandInput,
  DeleteAutoScalingGroupCommandInput,
  DeleteTagsCommandInput,
  DescribeAutoScalingGroupsCommandInput,
  DescribePoliciesCommandInput,
  DescribeScheduledActionsCommandInput,
  DetachLoadBalancerTargetGroupsCommandInput,
  PutScalingPolicyCommandInput,
  PutScheduledUpdateGroupActionCommandInput,
  ResumeProcessesCommandInput,
  SuspendProcessesCommandInput,
  UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import type { CloudWatchClient, DescribeAlarmsCommandInput } from '@aws-sdk/client-cloudwatch';
import type * as Ec2Sdk from '@aws-sdk/client-ec2';
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
  EC2Client,
} from '@aws-sdk/client-ec2';
import type * as Elbv2Sdk from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  DeregisterTargetsCommandInput,
  DescribeTargetGroupsCommandInput,
  DescribeTargetHealthCommandInput,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ImmutableError } from '../errors';
import { VERSION } from '../version';

export interface AwsOptions {
  /** Defaults to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string | undefined;
  /** Attempts per call, including the first. Adaptive retry absorbs throttling and 5xx. */
  maxAttempts?: number;
  /** Called once per HTTP attempt, for call counts in benchmarks and tests. */
  onCall?: (service: string, operation: string) => void;
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
  } as const;
  // Each client (and its SDK package) is made on its first call; destroy() ends the ones that were made.
  const made: { destroy(): void }[] = [];
  const lazyClient = <C extends Countable & { destroy(): void }>(make: () => C): (() => C) =>
    once(() => {
      const client = make();
      if (options.onCall) countCalls(client, options.onCall);
      made.push(client);
      return client;
    });
  return {
    region,
    autoScaling: autoScalingApiOf(lazyClient(() => new (autoScalingSdk().AutoScalingClient)(config))),
    ec2: ec2ApiOf(lazyClient(() => new (ec2Sdk().EC2Client)(config))),
    elbv2: elbv2ApiOf(lazyClient(() => new (elbv2Sdk().ElasticLoadBalancingV2Client)(config))),
    cloudWatch: cloudWatchApiOf(lazyClient(() => new (cloudWatchSdk().CloudWatchClient)(config))),
    destroy(): void {
      for (const client of made.splice(0)) client.destroy();
    },
  };
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

// Static string requires, so ncc still bundles each package; evaluated only when first called.
/* eslint-disable @typescript-eslint/no-require-imports */
const autoScalingSdk = once(() => require('@aws-sdk/client-auto-scaling') as typeof AutoScalingSdk);
const ec2Sdk = once(() => require('@aws-sdk/client-ec2') as typeof Ec2Sdk);
const elbv2Sdk = once(() => require('@aws-sdk/client-elastic-load-balancing-v2') as typeof Elbv2Sdk);
const cloudWatchSdk = once(() => require('@aws-sdk/client-cloudwatch') as typeof CloudWatchSdk);
/* eslint-enable @typescript-eslint/no-require-imports */

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

export function autoScalingApi(client: AutoScalingClient) {
  return autoScalingApiOf(() => client);
}

function autoScalingApiOf(client: () => AutoScalingClient) {
  return {
    describeAutoScalingGroups: (input: DescribeAutoScalingGroupsCommandInput) =>
      client().send(new (autoScalingSdk().DescribeAutoScalingGroupsCommand)(input)),
    createAutoScalingGroup: (input: CreateAutoScalingGroupCommandInput) =>
      client().send(new (autoScalingSdk().CreateAutoScalingGroupCommand)(input)),
    updateAutoScalingGroup: (input: UpdateAutoScalingGroupCommandInput) =>
      client().send(new (autoScalingSdk().UpdateAutoScalingGroupCommand)(input)),
    deleteAutoScalingGroup: (input: DeleteAutoScalingGroupCommandInput) =>
      client().send(new (autoScalingSdk().DeleteAutoScalingGroupCommand)(input)),
    suspendProcesses: (input: SuspendProcessesCommandInput) =>
      client().send(new (autoScalingSdk().SuspendProcessesCommand)(input)),
    resumeProcesses: (input: ResumeProcessesCommandInput) =>
      client().send(new (autoScalingSdk().ResumeProcessesCommand)(input)),
    attachTargetGroups: (input: AttachLoadBalancerTargetGroupsCommandInput) =>
      client().send(new (autoScalingSdk().AttachLoadBalancerTargetGroupsCommand)(input)),
    detachTargetGroups: (input: DetachLoadBalancerTargetGroupsCommandInput) =>
      client().send(new (autoScalingSdk().DetachLoadBalancerTargetGroupsCommand)(input)),
    createOrUpdateTags: (input: CreateOrUpdateTagsCommandInput) =>
      client().send(new (autoScalingSdk().CreateOrUpdateTagsCommand)(input)),
    deleteTags: (input: DeleteTagsCommandInput) =>
      client().send(new (autoScalingSdk().DeleteTagsCommand)(input)),
    describePolicies: (input: DescribePoliciesCommandInput) =>
      client().send(new (autoScalingSdk().DescribePoliciesCommand)(input)),
    putScalingPolicy: (input: PutScalingPolicyCommandInput) =>
      client().send(new (autoScalingSdk().PutScalingPolicyCommand)(input)),
    describeScheduledActions: (input: DescribeScheduledActionsCommandInput) =>
      client().send(new (autoScalingSdk().DescribeScheduledActionsCommand)(input)),
    putScheduledAction: (input: PutScheduledUpdateGroupActionCommandInput) =>
      client().send(new (autoScalingSdk().PutScheduledUpdateGroupActionCommand)(input)),
  };
}
export type AutoScalingApi = ReturnType<typeof autoScalingApi>;

export function ec2Api(client: EC2Client) {
  return ec2ApiOf(() => client);
}

function ec2ApiOf(client: () => EC2Client) {
  return {
    describeImages: (input: DescribeImagesCommandInput) =>
      client().send(new (ec2Sdk().DescribeImagesCommand)(input)),
    createTags: (input: CreateTagsCommandInput) => client().send(new (ec2Sdk().CreateTagsCommand)(input)),
    deregisterImage: (input: DeregisterImageCommandInput) =>
      client().send(new (ec2Sdk().DeregisterImageCommand)(input)),
    deleteSnapshot: (input: DeleteSnapshotCommandInput) =>
      client().send(new (ec2Sdk().DeleteSnapshotCommand)(input)),
    describeSubnets: (input: DescribeSubnetsCommandInput) =>
      client().send(new (ec2Sdk().DescribeSubnetsCommand)(input)),
    describeLaunchTemplates: (input: DescribeLaunchTemplatesCommandInput) =>
      client().send(new (ec2Sdk().DescribeLaunchTemplatesCommand)(input)),
    describeLaunchTemplateVersions: (input: DescribeLaunchTemplateVersionsCommandInput) =>
      client().send(new (ec2Sdk().DescribeLaunchTemplateVersionsCommand)(input)),
    createLaunchTemplate: (input: CreateLaunchTemplateCommandInput) =>
      client().send(new (ec2Sdk().CreateLaunchTemplateCommand)(input)),
    deleteLaunchTemplate: (input: DeleteLaunchTemplateCommandInput) =>
      client().send(new (ec2Sdk().DeleteLaunchTemplateCommand)(input)),
  };
}
export type Ec2Api = ReturnType<typeof ec2Api>;

export function elbv2Api(client: ElasticLoadBalancingV2Client) {
  return elbv2ApiOf(() => client);
}

function elbv2ApiOf(client: () => ElasticLoadBalancingV2Client) {
  return {
    describeTargetGroups: (input: DescribeTargetGroupsCommandInput) =>
      client().send(new (elbv2Sdk().DescribeTargetGroupsCommand)(input)),
    describeTargetHealth: (input: DescribeTargetHealthCommandInput) =>
      client().send(new (elbv2Sdk().DescribeTargetHealthCommand)(input)),
    registerTargets: (input: RegisterTargetsCommandInput) =>
      client().send(new (elbv2Sdk().RegisterTargetsCommand)(input)),
    deregisterTargets: (input: DeregisterTargetsCommandInput) =>
      client().send(new (elbv2Sdk().DeregisterTargetsCommand)(input)),
  };
}
export type Elbv2Api = ReturnType<typeof elbv2Api>;

export function cloudWatchApi(client: CloudWatchClient) {
  return cloudWatchApiOf(() => client);
}

function cloudWatchApiOf(client: () => CloudWatchClient) {
  return {
    describeAlarms: (input: DescribeAlarmsCommandInput) =>
      client().send(new (cloudWatchSdk().DescribeAlarmsCommand)(input)),
  };
}
export type CloudWatchApi = ReturnType<typeof cloudWatchApi>;
