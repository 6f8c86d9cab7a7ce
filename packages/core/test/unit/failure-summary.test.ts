import { toServerGroup } from '../../src';
import { lastFailedActivity } from '../../src/cluster/activities';
import type { Cluster } from '../../src/cluster/describe';
import { alertBlock, deployFailureSummary, failureNextStep } from '../../src/deploy/summary';

const group = (name: string, ami: string, serving: boolean) =>
  toServerGroup({
    AutoScalingGroupName: name,
    CreatedTime: new Date(Date.UTC(2026, 0, 1)),
    MinSize: 1,
    MaxSize: 2,
    DesiredCapacity: 1,
    TargetGroupARNs: serving ? ['arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1'] : [],
    SuspendedProcesses: serving ? [] : [{ ProcessName: 'AddToLoadBalancer' }],
    Tags: [
      { Key: 'immutable:ami', Value: ami },
      { Key: 'immutable:phase', Value: 'serving' },
      {
        Key: 'immutable:target-group:0',
        Value: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1',
      },
    ],
    DefaultCooldown: 300,
    AvailabilityZones: ['us-east-1a'],
    HealthCheckType: 'EC2',
  })!;
const cluster = (...groups: ReturnType<typeof group>[]): Cluster => ({ name: 'web', groups });
const base = { cluster: 'web', amiId: 'ami-new' };

describe('the failed deploy summary', () => {
  it('says the next step from the cluster: untouched, new serving (roll back), or nothing serving', () => {
    expect(failureNextStep({ ...base, now: cluster(group('web-v000', 'ami-old', true)) })).toMatch(
      /^Next step: web-v000 still serves, untouched; fix the cause and re-run this deploy/,
    );
    expect(
      failureNextStep({
        ...base,
        now: cluster(group('web-v000', 'ami-old', false), group('web-v001', 'ami-new', true)),
      }),
    ).toBe(
      'Next step: web-v001 (the new AMI) serves; to go back, `immutable rollback --cluster web` (or the rollback-asg action).',
    );
    expect(failureNextStep({ ...base, now: cluster(group('web-v000', 'ami-old', false)) })).toBe(
      'Next step: nothing serves web; `immutable rollback --cluster web` (or the rollback-asg action) restores the previous group.',
    );
  });

  it('names the failed scaling activity as the next step when there is one', () => {
    const activity = {
      description: 'Launching a new EC2 instance',
      statusMessage: 'We currently do not have sufficient t3.micro capacity',
      startTime: '2026-01-01T00:00:00.000Z',
    };
    const md = deployFailureSummary(
      {
        ...base,
        region: 'eu-west-1',
        message: 'Timed out',
        now: cluster(group('web-v000', 'ami-old', true)),
        activity,
      },
      Date.UTC(2026, 0, 1, 1),
    );
    expect(md).toContain(
      '> [!CAUTION]\n> **deploy-asg failed**: Timed out\n>\n> Next step: the new group could not launch instances (We currently do not have sufficient t3.micro capacity)',
    );
    expect(md).toContain(
      '- Failed scaling activity: Launching a new EC2 instance: We currently do not have sufficient t3.micro capacity (2026-01-01T00:00:00.000Z)',
    );
    expect(md).toContain(
      '**[web-v000](https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#AutoScalingGroupDetails:id=web-v000;view=details)**',
    );
  });

  it('quotes every line of an alert block', () => {
    expect(alertBlock('NOTE', ['a', 'b'])).toEqual(['> [!NOTE]', '> a', '>', '> b']);
  });
});

describe('lastFailedActivity', () => {
  it('answers the newest failed activity, none when all succeeded, and none when the call fails', async () => {
    const answer = (Activities: object[]) => ({
      autoScaling: { describeScalingActivities: async () => ({ Activities }) },
    });
    expect(
      await lastFailedActivity(
        answer([
          { StatusCode: 'Successful', Description: 'ok' },
          { StatusCode: 'Failed', Description: 'Launching', StatusMessage: 'quota', StartTime: new Date(0) },
        ]) as never,
        'web-v001',
      ),
    ).toEqual({ description: 'Launching', statusMessage: 'quota', startTime: '1970-01-01T00:00:00.000Z' });
    expect(
      await lastFailedActivity(answer([{ StatusCode: 'Successful' }]) as never, 'web-v001'),
    ).toBeUndefined();
    const broken = {
      autoScaling: {
        describeScalingActivities: async () => {
          throw new Error('500');
        },
      },
    };
    expect(await lastFailedActivity(broken as never, 'web-v001')).toBeUndefined();
  });
});
