import type {
  LifecycleHookSpecification,
  PutScalingPolicyCommandInput,
  ScalingPolicy,
  ScheduledUpdateGroupAction,
} from '@aws-sdk/client-auto-scaling';
import type { MetricAlarm, PutMetricAlarmCommandInput, Tag } from '@aws-sdk/client-cloudwatch';
import type { AwsClients } from '../aws/clients';
import type { Runtime } from '../runtime';
import { createWithRetry } from './consistency';
import type { CarryOver } from './group-spec';
import { TAGS } from './tags';

type CopyClients = Pick<AwsClients, 'autoScaling' | 'cloudWatch'>;

/** What the next group gets by calls of its own after it exists: read from the previous group first. */
export interface GroupCopies {
  source: string;
  /** Every field but the group's name: they go into CreateAutoScalingGroup, and are put again after. */
  lifecycleHooks: LifecycleHookSpecification[];
  notifications: { topicArn: string; types: string[] }[];
  policies: ScalingPolicy[];
  /** The CloudWatch alarms acting on the step and simple policies (target tracking makes its own). */
  alarms: (MetricAlarm & { Tags: Tag[] })[];
  /** Only the ones still to come. */
  scheduledActions: ScheduledUpdateGroupAction[];
  /** One-time actions already past, or recurring ones already ended: not copied. */
  pastScheduledActions: string[];
}

export interface CopyReport {
  lifecycleHooks: number;
  notifications: number;
  policies: number;
  alarms: number;
  scheduledActions: number;
  warmPool: boolean;
  metrics: number;
  suspended: string[];
}

const SCALING_ALARM_POLICY_TYPES = new Set(['StepScaling', 'SimpleScaling', undefined]);

/** Reads everything to copy from the previous group: hooks, notifications, policies, alarms, schedules. */
export async function readGroupCopies(aws: CopyClients, source: string, now: number): Promise<GroupCopies> {
  // Independent reads, at once.
  const [hookAnswer, notificationList, policies, scheduled] = await Promise.all([
    aws.autoScaling.describeLifecycleHooks({ AutoScalingGroupName: source }),
    listNotifications(aws, source),
    aws.autoScaling.listPolicies({ AutoScalingGroupName: source }),
    aws.autoScaling.listScheduledActions({ AutoScalingGroupName: source }),
  ]);
  const hooks = hookAnswer.LifecycleHooks ?? [];
  const notifications = new Map<string, string[]>();
  for (const n of notificationList) {
    if (!n.TopicARN || !n.NotificationType) continue;
    notifications.set(n.TopicARN, [...(notifications.get(n.TopicARN) ?? []), n.NotificationType]);
  }
  const scalingArns = new Set(
    policies.flatMap((p) =>
      SCALING_ALARM_POLICY_TYPES.has(p.PolicyType) && p.PolicyARN ? [p.PolicyARN] : [],
    ),
  );
  const alarms: GroupCopies['alarms'] = [];
  if (scalingArns.size > 0) {
    // DescribePolicies' Alarms is not in every answer (moto omits it): the alarms name the ARN, so scan them.
    const acting = (await aws.cloudWatch.listMetricAlarms({})).filter((alarm) =>
      actionsOf(alarm).some((a) => scalingArns.has(a)),
    );
    alarms.push(
      ...(await Promise.all(
        acting.map(async (alarm) => ({
          ...alarm,
          Tags: alarm.AlarmArn
            ? ((await aws.cloudWatch.listTagsForResource({ ResourceARN: alarm.AlarmArn })).Tags ?? [])
            : [],
        })),
      )),
    );
  }
  const future = scheduled.filter((a) => isFuture(a, now));
  return {
    source,
    lifecycleHooks: hooks.flatMap(({ AutoScalingGroupName: _, GlobalTimeout: __, ...hook }) =>
      hook.LifecycleHookName && hook.LifecycleTransition ? [hook as LifecycleHookSpecification] : [],
    ),
    notifications: [...notifications].map(([topicArn, types]) => ({ topicArn, types: types.sort() })),
    policies,
    alarms,
    scheduledActions: future,
    pastScheduledActions: scheduled
      .filter((a) => !future.includes(a))
      .map((a) => a.ScheduledActionName ?? ''),
  };
}

async function listNotifications(aws: CopyClients, source: string) {
  try {
    return await aws.autoScaling.listNotificationConfigurations({ AutoScalingGroupNames: [source] });
  } catch (error) {
    // moto has no notification configurations: a 500 there is "not emulated", and there are none to copy.
    if (isNotEmulated(error)) return [];
    throw error;
  }
}

function isNotEmulated(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return status === 500 && process.env.AWS_ENDPOINT_URL !== undefined;
}

function actionsOf(alarm: MetricAlarm): string[] {
  return [
    ...(alarm.AlarmActions ?? []),
    ...(alarm.OKActions ?? []),
    ...(alarm.InsufficientDataActions ?? []),
  ];
}

/** A one-time action is copied when it has yet to start; a recurring one unless it has ended. */
export function isFuture(action: ScheduledUpdateGroupAction, now: number): boolean {
  if (action.EndTime && action.EndTime.getTime() <= now) return false;
  if (action.Recurrence) return true;
  const start = action.StartTime ?? action.Time;
  return start !== undefined && start.getTime() > now;
}

/** A copy's name: the old group's name replaced by the new one's, else the new group's name appended. */
export function copiedName(name: string, from: string, to: string, unique: boolean): string {
  if (name.includes(from)) return name.split(from).join(to).slice(0, 255);
  return unique ? `${name}-${to}`.slice(0, 255) : name;
}

/**
 * Every `{Name: 'AutoScalingGroupName', Value: from}` dimension, however deep (alarm dimensions, metric
 * math, customized target-tracking and predictive metrics), pointed at the new group.
 */
export function rewriteGroupDimension<T>(value: T, from: string, to: string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => rewriteGroupDimension(v, from, to)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    if (record['Name'] === 'AutoScalingGroupName' && record['Value'] === from)
      return { ...record, Value: to } as T;
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, rewriteGroupDimension(v, from, to)]),
    ) as T;
  }
  return value;
}

/** Whether applyGroupCopies has anything to put: with nothing, copy-to-group changes nothing. */
export function hasGroupCopies(spec: CarryOver | undefined, copies: GroupCopies | undefined): boolean {
  return (
    Boolean(spec?.warmPool) ||
    (spec?.metrics.length ?? 0) > 0 ||
    (spec?.userSuspended.length ?? 0) > 0 ||
    (copies !== undefined &&
      copies.lifecycleHooks.length +
        copies.notifications.length +
        copies.policies.length +
        copies.alarms.length +
        copies.scheduledActions.length >
        0)
  );
}

/**
 * Gives the new group what the previous one had beyond CreateAutoScalingGroup: lifecycle hooks, warm
 * pool, notifications, metrics, the user's suspended processes, scaling policies with their alarms
 * re-pointed at the new policies (Asgard's createScalingPolicies, Spinnaker's copyAlarmsForAsg), and the
 * scheduled actions still to come. Every call is a put: a re-run after a crash repeats it harmlessly. A
 * group AWS has just made may be unknown to a put for a moment: that put alone is retried (bounded), never
 * the copies already made.
 */
export async function applyGroupCopies(
  aws: CopyClients,
  runtime: Runtime,
  target: string,
  spec: CarryOver | undefined,
  copies: GroupCopies | undefined,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<CopyReport> {
  const from = copies?.source ?? spec?.source ?? '';
  const put = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    let answer: T | undefined;
    await createWithRetry(runtime, { what: `${what} on ${target}`, signal: options.signal }, async () => {
      answer = await call();
    });
    return answer as T;
  };
  const report: CopyReport = {
    lifecycleHooks: 0,
    notifications: 0,
    policies: 0,
    alarms: 0,
    scheduledActions: 0,
    warmPool: false,
    metrics: 0,
    suspended: [],
  };
  if (spec?.warmPool) {
    const pool = spec.warmPool;
    await put('putting the warm pool', () =>
      aws.autoScaling.putWarmPool({
        AutoScalingGroupName: target,
        MinSize: pool.MinSize,
        MaxGroupPreparedCapacity: pool.MaxGroupPreparedCapacity,
        PoolState: pool.PoolState,
        InstanceReusePolicy: pool.InstanceReusePolicy,
      }),
    );
    report.warmPool = true;
  }
  for (const m of spec?.metrics ?? []) {
    await put('enabling metrics', () =>
      aws.autoScaling.enableMetricsCollection({
        AutoScalingGroupName: target,
        Granularity: m.granularity,
        Metrics: m.metrics,
      }),
    );
    report.metrics += m.metrics.length;
  }
  if (spec?.userSuspended.length) {
    const suspended = spec.userSuspended;
    await put('suspending the processes the user suspended', () =>
      aws.autoScaling.suspendProcesses({ AutoScalingGroupName: target, ScalingProcesses: suspended }),
    );
    report.suspended = spec.userSuspended;
  }
  if (!copies) return report;
  for (const hook of copies.lifecycleHooks) {
    await put(`putting lifecycle hook ${hook.LifecycleHookName}`, () =>
      aws.autoScaling.putLifecycleHook({ ...hook, AutoScalingGroupName: target }),
    );
    report.lifecycleHooks++;
  }
  for (const n of copies.notifications) {
    await put(`putting notifications to ${n.topicArn}`, () =>
      aws.autoScaling.putNotificationConfiguration({
        AutoScalingGroupName: target,
        TopicARN: n.topicArn,
        NotificationTypes: n.types,
      }),
    );
    report.notifications++;
  }
  const newArns = new Map<string, string>();
  for (const policy of copies.policies) {
    if (!policy.PolicyName) continue;
    const oldArn = policy.PolicyARN;
    // Every field PutScalingPolicy takes (the answer's ARN, alarms and deprecated MinAdjustmentStep aside).
    const input: PutScalingPolicyCommandInput = rewriteGroupDimension(
      {
        AutoScalingGroupName: target,
        PolicyName: copiedName(policy.PolicyName, from, target, false),
        PolicyType: policy.PolicyType,
        AdjustmentType: policy.AdjustmentType,
        MinAdjustmentMagnitude: policy.MinAdjustmentMagnitude,
        ScalingAdjustment: policy.ScalingAdjustment,
        Cooldown: policy.Cooldown,
        MetricAggregationType: policy.MetricAggregationType,
        StepAdjustments: policy.StepAdjustments,
        EstimatedInstanceWarmup: policy.EstimatedInstanceWarmup,
        TargetTrackingConfiguration: policy.TargetTrackingConfiguration,
        PredictiveScalingConfiguration: policy.PredictiveScalingConfiguration,
        Enabled: policy.Enabled,
      },
      from,
      target,
    );
    const answer = await put(`putting scaling policy ${input.PolicyName}`, () =>
      aws.autoScaling.putScalingPolicy(input),
    );
    const arn = answer.PolicyARN ?? (await policyArn(aws, target, input.PolicyName ?? ''));
    if (oldArn && arn) newArns.set(oldArn, arn);
    report.policies++;
  }
  for (const alarm of copies.alarms) {
    if (!alarm.AlarmName) continue;
    const copy = copiedAlarm(alarm, from, target, newArns);
    await put(`putting alarm ${copy.AlarmName}`, () => aws.cloudWatch.putMetricAlarm(copy));
    report.alarms++;
  }
  for (const action of copies.scheduledActions) {
    if (!action.ScheduledActionName) continue;
    const start = action.StartTime ?? action.Time;
    const now = runtime.clock.now();
    const name = copiedName(action.ScheduledActionName, from, target, false);
    await put(`putting scheduled action ${name}`, () =>
      aws.autoScaling.putScheduledAction({
        AutoScalingGroupName: target,
        ScheduledActionName: name,
        Recurrence: action.Recurrence,
        // A recurring action's StartTime in the past is refused by AWS; it recurs from now on.
        StartTime: start && start.getTime() > now ? start : undefined,
        EndTime: action.EndTime,
        TimeZone: action.TimeZone,
        MinSize: action.MinSize,
        MaxSize: action.MaxSize,
        DesiredCapacity: action.DesiredCapacity,
      }),
    );
    report.scheduledActions++;
  }
  runtime.logger.info(`Copied to ${target}: ${describeCopyReport(report)}`);
  return report;
}

/** PutScalingPolicy's answer names the ARN on AWS; moto answers it under another key, so read it back. */
async function policyArn(aws: CopyClients, group: string, name: string): Promise<string | undefined> {
  const [policy] = await aws.autoScaling.listPolicies({ AutoScalingGroupName: group, PolicyNames: [name] });
  return policy?.PolicyARN;
}

export function copiedAlarm(
  alarm: MetricAlarm & { Tags?: Tag[] },
  from: string,
  to: string,
  newArns: ReadonlyMap<string, string>,
): PutMetricAlarmCommandInput {
  const repoint = (actions: string[] | undefined) => actions?.map((a) => newArns.get(a) ?? a);
  const tags = (alarm.Tags ?? []).filter((t) => t.Key !== TAGS.alarmCopyOf);
  return rewriteGroupDimension(
    {
      AlarmName: copiedName(alarm.AlarmName ?? '', from, to, true),
      AlarmDescription: alarm.AlarmDescription,
      ActionsEnabled: alarm.ActionsEnabled,
      OKActions: repoint(alarm.OKActions),
      AlarmActions: repoint(alarm.AlarmActions),
      InsufficientDataActions: repoint(alarm.InsufficientDataActions),
      MetricName: alarm.MetricName,
      Namespace: alarm.Namespace,
      Statistic: alarm.Statistic,
      ExtendedStatistic: alarm.ExtendedStatistic,
      Dimensions: alarm.Dimensions,
      Period: alarm.Period,
      Unit: alarm.Unit,
      EvaluationPeriods: alarm.EvaluationPeriods,
      DatapointsToAlarm: alarm.DatapointsToAlarm,
      Threshold: alarm.Threshold,
      ComparisonOperator: alarm.ComparisonOperator,
      TreatMissingData: alarm.TreatMissingData,
      EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
      Metrics: alarm.Metrics,
      ThresholdMetricId: alarm.ThresholdMetricId,
      Tags: [...tags, { Key: TAGS.alarmCopyOf, Value: to }],
    },
    from,
    to,
  );
}

/** The alarms the deploy copied for this group (tagged so): deleted with it, since AWS keeps them. */
export async function deleteCopiedAlarms(aws: CopyClients, group: string): Promise<string[]> {
  const arns = new Set(
    (await aws.autoScaling.listPolicies({ AutoScalingGroupName: group })).flatMap((p) =>
      p.PolicyARN ? [p.PolicyARN] : [],
    ),
  );
  if (arns.size === 0) return [];
  const doomed: string[] = [];
  for (const alarm of await aws.cloudWatch.listMetricAlarms({})) {
    if (!alarm.AlarmName || !alarm.AlarmArn || !actionsOf(alarm).some((a) => arns.has(a))) continue;
    const tags = (await aws.cloudWatch.listTagsForResource({ ResourceARN: alarm.AlarmArn })).Tags ?? [];
    if (tags.some((t) => t.Key === TAGS.alarmCopyOf && t.Value === group)) doomed.push(alarm.AlarmName);
  }
  // DeleteAlarms takes up to 100 names.
  for (let i = 0; i < doomed.length; i += 100) {
    await aws.cloudWatch.deleteAlarms({ AlarmNames: doomed.slice(i, i + 100) });
  }
  return doomed;
}

export function describeCopyReport(report: CopyReport): string {
  return [
    `${report.lifecycleHooks} lifecycle hook(s)`,
    `${report.policies} scaling policy(ies)`,
    `${report.alarms} alarm(s)`,
    `${report.scheduledActions} scheduled action(s)`,
    `${report.notifications} notification(s)`,
    `${report.metrics} metric(s)`,
    ...(report.warmPool ? ['the warm pool'] : []),
    ...(report.suspended.length > 0 ? [`suspended ${report.suspended.join(', ')} as the user had`] : []),
  ].join(', ');
}

/** The plan's lines for the copies. */
export function describeCopies(copies: GroupCopies): string[] {
  const lines: string[] = [];
  for (const h of copies.lifecycleHooks)
    lines.push(
      `lifecycle hook ${h.LifecycleHookName} (${h.LifecycleTransition}, ${h.DefaultResult ?? 'ABANDON'} after ${h.HeartbeatTimeout ?? 3600}s)`,
    );
  for (const p of copies.policies)
    lines.push(`scaling policy ${p.PolicyName} (${p.PolicyType ?? 'SimpleScaling'})`);
  for (const a of copies.alarms) lines.push(`alarm ${a.AlarmName}, re-pointed to the new group's policy`);
  if (copies.scheduledActions.length > 0)
    lines.push(`scheduled actions: ${copies.scheduledActions.map((a) => a.ScheduledActionName).join(', ')}`);
  if (copies.pastScheduledActions.length > 0)
    lines.push(`not copied (already past): ${copies.pastScheduledActions.join(', ')}`);
  for (const n of copies.notifications)
    lines.push(`notifications to ${n.topicArn}: ${n.types.length} type(s)`);
  return lines;
}
