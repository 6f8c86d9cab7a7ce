import type { AwsClients } from '../aws/clients';
import type { Runtime } from '../runtime';

/**
 * Asgard copied a group's scaling policies and scheduled actions to the next one; so do we. Step and simple
 * policies are copied too, but the CloudWatch alarms that trigger them name the old policy's ARN: those
 * alarms are not rewired (target tracking creates its own).
 */
export async function copyScaling(
  aws: Pick<AwsClients, 'autoScaling'>,
  runtime: Runtime,
  from: string,
  to: string,
): Promise<{ policies: number; scheduledActions: number }> {
  const policies =
    (await aws.autoScaling.describePolicies({ AutoScalingGroupName: from })).ScalingPolicies ?? [];
  for (const policy of policies) {
    if (!policy.PolicyName) continue;
    await aws.autoScaling.putScalingPolicy({
      AutoScalingGroupName: to,
      PolicyName: policy.PolicyName,
      ...(policy.PolicyType ? { PolicyType: policy.PolicyType } : {}),
      ...(policy.AdjustmentType ? { AdjustmentType: policy.AdjustmentType } : {}),
      ...(policy.ScalingAdjustment !== undefined ? { ScalingAdjustment: policy.ScalingAdjustment } : {}),
      ...(policy.MinAdjustmentMagnitude !== undefined
        ? { MinAdjustmentMagnitude: policy.MinAdjustmentMagnitude }
        : {}),
      ...(policy.Cooldown !== undefined ? { Cooldown: policy.Cooldown } : {}),
      ...(policy.MetricAggregationType ? { MetricAggregationType: policy.MetricAggregationType } : {}),
      ...(policy.StepAdjustments?.length ? { StepAdjustments: policy.StepAdjustments } : {}),
      ...(policy.EstimatedInstanceWarmup !== undefined
        ? { EstimatedInstanceWarmup: policy.EstimatedInstanceWarmup }
        : {}),
      ...(policy.TargetTrackingConfiguration
        ? { TargetTrackingConfiguration: policy.TargetTrackingConfiguration }
        : {}),
      ...(policy.PredictiveScalingConfiguration
        ? { PredictiveScalingConfiguration: policy.PredictiveScalingConfiguration }
        : {}),
      ...(policy.Enabled !== undefined ? { Enabled: policy.Enabled } : {}),
    });
  }
  const actions =
    (await aws.autoScaling.describeScheduledActions({ AutoScalingGroupName: from }))
      .ScheduledUpdateGroupActions ?? [];
  for (const action of actions) {
    if (!action.ScheduledActionName) continue;
    await aws.autoScaling.putScheduledAction({
      AutoScalingGroupName: to,
      ScheduledActionName: action.ScheduledActionName,
      ...(action.Recurrence ? { Recurrence: action.Recurrence } : {}),
      ...(action.StartTime ? { StartTime: action.StartTime } : {}),
      ...(action.EndTime ? { EndTime: action.EndTime } : {}),
      ...(action.TimeZone ? { TimeZone: action.TimeZone } : {}),
      ...(action.MinSize !== undefined ? { MinSize: action.MinSize } : {}),
      ...(action.MaxSize !== undefined ? { MaxSize: action.MaxSize } : {}),
      ...(action.DesiredCapacity !== undefined ? { DesiredCapacity: action.DesiredCapacity } : {}),
    });
  }
  if (policies.length + actions.length > 0) {
    runtime.logger.info(
      `Copied ${policies.length} scaling policy(ies) and ${actions.length} scheduled action(s) from ${from}`,
    );
  }
  return { policies: policies.length, scheduledActions: actions.length };
}
