import type { AwsClients } from '../aws/clients';

export interface FailedActivity {
  description: string;
  statusMessage: string;
  startTime: string | undefined;
}

/**
 * The newest failed scaling activity of a group (a launch that failed: capacity, quota, a bad template), for
 * the job summary of a failed deploy. One call. Best effort: an error (moto does not emulate these) is none.
 */
export async function lastFailedActivity(
  aws: Pick<AwsClients, 'autoScaling'>,
  group: string,
): Promise<FailedActivity | undefined> {
  try {
    const answer = await aws.autoScaling.describeScalingActivities({
      AutoScalingGroupName: group,
      MaxRecords: 20,
    });
    const failed = (answer.Activities ?? []).find(
      (a) => a.StatusCode === 'Failed' || a.StatusCode === 'Cancelled',
    );
    if (!failed) return undefined;
    return {
      description: failed.Description ?? 'a scaling activity',
      statusMessage: failed.StatusMessage ?? failed.StatusCode ?? 'failed',
      startTime: failed.StartTime?.toISOString(),
    };
  } catch {
    return undefined;
  }
}
