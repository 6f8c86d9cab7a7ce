import {
  AttachLoadBalancerTargetGroupsCommand,
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateOrUpdateTagsCommand,
  DeleteAutoScalingGroupCommand,
  DeleteTagsCommand,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
  DetachLoadBalancerTargetGroupsCommand,
  PutScalingPolicyCommand,
  PutScheduledUpdateGroupActionCommand,
  ResumeProcessesCommand,
  SuspendProcessesCommand,
  UpdateAutoScalingGroupCommand,
  type AttachLoadBalancerTargetGroupsCommandInput,
  type CreateAutoScalingGroupCommandInput,
  type CreateOrUpdateTagsCommandInput,
  type DeleteAutoScalingGroupCommandInput,
  type DeleteTagsCommandInput,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribePoliciesCommandInput,
  type DescribeScheduledActionsCommandInput,
  type DetachLoadBalancerTargetGroupsCommandInput,
  type PutScalingPolicyCommandInput,
  type PutScheduledUpdateGroupActionCommandInput,
  type ResumeProcessesCommandInput,
  type SuspendProcessesCommandInput,
  type UpdateAutoScalingGroupCommandInput,
} from '@aws-sdk/client-auto-scaling';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateLaunchTemplateCommand,
  CreateTagsCommand,
  DeleteLaunchTemplateCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  type CreateLaunchTemplateCommandInput,
  type CreateTagsCommandInput,
  type DeleteLaunchTemplateCommandInput,
  type DeleteSnapshotCommandInput,
  type DeregisterImageCommandInput,
  type DescribeImagesCommandInput,
  type DescribeLaunchTemplatesCommandInput,
  type DescribeLaunchTemplateVersionsCommandInput,
  type DescribeSubnetsCommandInput,
} from '@aws-sdk/client-ec2';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
  type DeregisterTargetsCommandInput,
  type DescribeTargetGroupsCommandInput,
  type DescribeTargetHealthCommandInput,
  type RegisterTargetsCommandInput,
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
  const autoScaling = new AutoScalingClient(config);
  const ec2 = new EC2Client(config);
  const elbv2 = new ElasticLoadBalancingV2Client(config);
  const cloudWatch = new CloudWatchClient(config);
  if (options.onCall) {
    for (const client of [autoScaling, ec2, elbv2, cloudWatch]) countCalls(client, options.onCall);
  }
  return {
    region,
    autoScaling: autoScalingApi(autoScaling),
    ec2: ec2Api(ec2),
    elbv2: elbv2Api(elbv2),
    cloudWatch: cloudWatchApi(cloudWatch),
    destroy(): void {
      for (const client of [autoScaling, ec2, elbv2, cloudWatch]) client.destroy();
    },
  };
}

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
  return {
    describeAutoScalingGroups: (input: DescribeAutoScalingGroupsCommandInput) =>
      client.send(new DescribeAutoScalingGroupsCommand(input)),
    createAutoScalingGroup: (input: CreateAutoScalingGroupCommandInput) =>
      client.send(new CreateAutoScalingGroupCommand(input)),
    updateAutoScalingGroup: (input: UpdateAutoScalingGroupCommandInput) =>
      client.send(new UpdateAutoScalingGroupCommand(input)),
    deleteAutoScalingGroup: (input: DeleteAutoScalingGroupCommandInput) =>
      client.send(new DeleteAutoScalingGroupCommand(input)),
    suspendProcesses: (input: SuspendProcessesCommandInput) =>
      client.send(new SuspendProcessesCommand(input)),
    resumeProcesses: (input: ResumeProcessesCommandInput) => client.send(new ResumeProcessesCommand(input)),
    attachTargetGroups: (input: AttachLoadBalancerTargetGroupsCommandInput) =>
      client.send(new AttachLoadBalancerTargetGroupsCommand(input)),
    detachTargetGroups: (input: DetachLoadBalancerTargetGroupsCommandInput) =>
      client.send(new DetachLoadBalancerTargetGroupsCommand(input)),
    createOrUpdateTags: (input: CreateOrUpdateTagsCommandInput) =>
      client.send(new CreateOrUpdateTagsCommand(input)),
    deleteTags: (input: DeleteTagsCommandInput) => client.send(new DeleteTagsCommand(input)),
    describePolicies: (input: DescribePoliciesCommandInput) =>
      client.send(new DescribePoliciesCommand(input)),
    putScalingPolicy: (input: PutScalingPolicyCommandInput) =>
      client.send(new PutScalingPolicyCommand(input)),
    describeScheduledActions: (input: DescribeScheduledActionsCommandInput) =>
      client.send(new DescribeScheduledActionsCommand(input)),
    putScheduledAction: (input: PutScheduledUpdateGroupActionCommandInput) =>
      client.send(new PutScheduledUpdateGroupActionCommand(input)),
  };
}
export type AutoScalingApi = ReturnType<typeof autoScalingApi>;

export function ec2Api(client: EC2Client) {
  return {
    describeImages: (input: DescribeImagesCommandInput) => client.send(new DescribeImagesCommand(input)),
    createTags: (input: CreateTagsCommandInput) => client.send(new CreateTagsCommand(input)),
    deregisterImage: (input: DeregisterImageCommandInput) => client.send(new DeregisterImageCommand(input)),
    deleteSnapshot: (input: DeleteSnapshotCommandInput) => client.send(new DeleteSnapshotCommand(input)),
    describeSubnets: (input: DescribeSubnetsCommandInput) => client.send(new DescribeSubnetsCommand(input)),
    describeLaunchTemplates: (input: DescribeLaunchTemplatesCommandInput) =>
      client.send(new DescribeLaunchTemplatesCommand(input)),
    describeLaunchTemplateVersions: (input: DescribeLaunchTemplateVersionsCommandInput) =>
      client.send(new DescribeLaunchTemplateVersionsCommand(input)),
    createLaunchTemplate: (input: CreateLaunchTemplateCommandInput) =>
      client.send(new CreateLaunchTemplateCommand(input)),
    deleteLaunchTemplate: (input: DeleteLaunchTemplateCommandInput) =>
      client.send(new DeleteLaunchTemplateCommand(input)),
  };
}
export type Ec2Api = ReturnType<typeof ec2Api>;

export function elbv2Api(client: ElasticLoadBalancingV2Client) {
  return {
    describeTargetGroups: (input: DescribeTargetGroupsCommandInput) =>
      client.send(new DescribeTargetGroupsCommand(input)),
    describeTargetHealth: (input: DescribeTargetHealthCommandInput) =>
      client.send(new DescribeTargetHealthCommand(input)),
    registerTargets: (input: RegisterTargetsCommandInput) => client.send(new RegisterTargetsCommand(input)),
    deregisterTargets: (input: DeregisterTargetsCommandInput) =>
      client.send(new DeregisterTargetsCommand(input)),
  };
}
export type Elbv2Api = ReturnType<typeof elbv2Api>;

export function cloudWatchApi(client: CloudWatchClient) {
  return {
    describeAlarms: (input: DescribeAlarmsCommandInput) => client.send(new DescribeAlarmsCommand(input)),
  };
}
export type CloudWatchApi = ReturnType<typeof cloudWatchApi>;
