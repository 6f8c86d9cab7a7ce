import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  applyGroupCopies,
  autoScalingApi,
  cloudWatchApi,
  type AwsClients,
  type GroupCopies,
} from '../../src';
import { fakeRuntime } from '@immutable-actions/test-support';

// A just-created group unknown to one put for a moment: only that put is retried, not the copies before it.
const notFoundYet = () =>
  Object.assign(new Error('AutoScalingGroup name not found - AutoScalingGroup shop-v005 not found'), {
    name: 'ValidationError',
  });

function recordingClients(failures: Record<string, number>) {
  const sent: string[] = [];
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const name = command.constructor.name;
    sent.push(name);
    if ((failures[name] ?? 0) > 0) {
      failures[name] = (failures[name] ?? 0) - 1;
      throw notFoundYet();
    }
    if (name === 'PutScalingPolicyCommand')
      return { PolicyARN: `arn:new:${String(command.input['PolicyName'])}` };
    return {};
  };
  const autoScalingClient = new AutoScalingClient({ region: 'us-east-1' });
  const cloudWatchClient = new CloudWatchClient({ region: 'us-east-1' });
  Object.assign(autoScalingClient, { send });
  Object.assign(cloudWatchClient, { send });
  const aws = {
    autoScaling: autoScalingApi(autoScalingClient),
    cloudWatch: cloudWatchApi(cloudWatchClient),
  } as Pick<AwsClients, 'autoScaling' | 'cloudWatch'>;
  return { aws, sent };
}

const copies: GroupCopies = {
  source: 'shop-v004',
  lifecycleHooks: [
    { LifecycleHookName: 'warmup', LifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING' },
  ],
  notifications: [],
  policies: [
    { PolicyName: 'shop-v004-out', PolicyARN: 'arn:old:out', PolicyType: 'SimpleScaling' },
    { PolicyName: 'shop-v004-in', PolicyARN: 'arn:old:in', PolicyType: 'SimpleScaling' },
  ],
  alarms: [
    {
      AlarmName: 'shop-v004-high',
      AlarmActions: ['arn:old:in'],
      MetricName: 'CPUUtilization',
      Namespace: 'AWS/EC2',
      Tags: [],
    },
  ],
  scheduledActions: [],
  pastScheduledActions: [],
};

describe('applyGroupCopies retries the put AWS refused, not the copies already made', () => {
  it('a policy put refused twice is retried alone; the hook and the first policy are put once', async () => {
    const { aws, sent } = recordingClients({});
    // The second policy's put is refused twice (the first one went through).
    let policyPuts = 0;
    const original = aws.autoScaling.putScalingPolicy;
    aws.autoScaling.putScalingPolicy = async (input) => {
      policyPuts++;
      if (policyPuts === 2 || policyPuts === 3) throw notFoundYet();
      return original(input);
    };
    const runtime = fakeRuntime();
    const report = await applyGroupCopies(aws, runtime, 'shop-v005', undefined, copies);
    expect(report).toMatchObject({ lifecycleHooks: 1, policies: 2, alarms: 1 });
    expect(sent.filter((n) => n === 'PutLifecycleHookCommand')).toHaveLength(1);
    // Two policies, the second tried three times: four puts in all, three reaching the client.
    expect(policyPuts).toBe(4);
    expect(sent.filter((n) => n === 'PutScalingPolicyCommand')).toHaveLength(2);
    expect(sent.filter((n) => n === 'PutMetricAlarmCommand')).toHaveLength(1);
    expect(runtime.sleeps).toHaveLength(2);
    expect(runtime.lines.filter((l) => /AWS has not caught up yet/.test(l))).toEqual([
      expect.stringContaining('putting scaling policy shop-v005-in on shop-v005'),
      expect.stringContaining('putting scaling policy shop-v005-in on shop-v005'),
    ]);
  });

  it('an alarm put refused once is retried alone, still re-pointed at the new policy', async () => {
    const { aws, sent } = recordingClients({ PutMetricAlarmCommand: 1 });
    const alarms: Record<string, unknown>[] = [];
    const original = aws.cloudWatch.putMetricAlarm;
    aws.cloudWatch.putMetricAlarm = async (input) => {
      alarms.push({ ...input });
      return original(input);
    };
    const runtime = fakeRuntime();
    await applyGroupCopies(aws, runtime, 'shop-v005', undefined, copies);
    expect(sent.filter((n) => n === 'PutScalingPolicyCommand')).toHaveLength(2);
    expect(sent.filter((n) => n === 'PutLifecycleHookCommand')).toHaveLength(1);
    expect(alarms).toHaveLength(2);
    expect(alarms[1]).toMatchObject({
      AlarmName: 'shop-v005-high',
      AlarmActions: ['arn:new:shop-v005-in'],
    });
  });

  it('any other refusal is not retried', async () => {
    const { aws, sent } = recordingClients({});
    aws.autoScaling.putLifecycleHook = async () => {
      throw Object.assign(new Error('Not authorized'), { name: 'AccessDenied' });
    };
    await expect(applyGroupCopies(aws, fakeRuntime(), 'shop-v005', undefined, copies)).rejects.toThrow(
      'Not authorized',
    );
    expect(sent).toEqual([]);
  });
});
