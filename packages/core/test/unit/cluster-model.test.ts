import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { clusterMarkdown, clusterText, formatDuration, parseDuration, toServerGroup } from '../../src';

const group = (overrides: Partial<AutoScalingGroup>): AutoScalingGroup => ({
  AutoScalingGroupName: 'shop-v001',
  MinSize: 1,
  MaxSize: 4,
  DesiredCapacity: 2,
  DefaultCooldown: 300,
  AvailabilityZones: ['us-east-1a'],
  HealthCheckType: 'ELB',
  CreatedTime: new Date('2026-11-24T10:00:00Z'),
  Instances: [
    {
      InstanceId: 'i-1',
      LifecycleState: 'InService',
      HealthStatus: 'Healthy',
      AvailabilityZone: 'us-east-1a',
      ProtectedFromScaleIn: false,
    },
    {
      InstanceId: 'i-2',
      LifecycleState: 'Pending',
      HealthStatus: 'Healthy',
      AvailabilityZone: 'us-east-1a',
      ProtectedFromScaleIn: false,
    },
  ],
  TargetGroupARNs: ['arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1'],
  Tags: [
    { Key: 'immutable:ami', Value: 'ami-1' },
    { Key: 'team', Value: 'shop', PropagateAtLaunch: true },
    { Key: 'aws:cloudformation:stack-name', Value: 'x' },
  ],
  LaunchTemplate: { LaunchTemplateName: 'shop-v001', Version: '$Default' },
  ...overrides,
});

describe('toServerGroup', () => {
  it('reads an enabled group and keeps only user tags for copying', () => {
    const g = toServerGroup(group({}));
    expect(g).toMatchObject({
      name: 'shop-v001',
      cluster: 'shop',
      version: 1,
      enabled: true,
      amiId: 'ami-1',
    });
    expect(g?.userTags).toEqual([{ key: 'team', value: 'shop', propagateAtLaunch: true }]);
  });

  it('is disabled when traffic is suspended, or when it is detached from the target groups it served', () => {
    expect(
      toServerGroup(group({ SuspendedProcesses: [{ ProcessName: 'AddToLoadBalancer' }] }))?.enabled,
    ).toBe(false);
    const detached = group({
      TargetGroupARNs: [],
      Tags: [
        {
          Key: 'immutable:target-group:0',
          Value: 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1',
        },
      ],
    });
    expect(toServerGroup(detached)).toMatchObject({
      enabled: false,
      servedTargetGroupArns: ['arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web/1'],
    });
  });

  it('ignores groups whose names are not versioned cluster groups', () => {
    expect(toServerGroup(group({ AutoScalingGroupName: 'legacy-web' }))).toBeUndefined();
  });
});

describe('cluster tables', () => {
  const cluster = {
    name: 'shop',
    groups: [
      toServerGroup(
        group({
          AutoScalingGroupName: 'shop-v000',
          SuspendedProcesses: [{ ProcessName: 'AddToLoadBalancer' }],
        }),
      )!,
      toServerGroup(group({}))!,
    ],
  };
  const now = new Date('2026-11-24T12:30:00Z').getTime();

  it('renders markdown with the serving group in bold', () => {
    const md = clusterMarkdown(cluster, now);
    expect(md).toContain('| Group | State | AMI | Launch template | Min/Desired/Max | Healthy/Total | Age |');
    expect(md).toContain('| shop-v000 | disabled | ami-1 | shop-v001 | 1/2/4 | 1/2 | 2h30m |');
    expect(md).toContain('| **shop-v001** | serving |');
  });

  it('renders aligned text for the CLI', () => {
    const lines = clusterText(cluster, now).split('\n');
    expect(lines[0]).toBe('cluster shop');
    expect(lines[1]).toMatch(/^Group\s+State\s+AMI/);
    expect(lines).toHaveLength(4);
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['45', 45_000],
    ['0', 0],
  ])('%s', (text, ms) => expect(parseDuration('t', text)).toBe(ms));

  it('refuses anything else, naming it', () => {
    expect(() => parseDuration('bake-time', '5 minutes')).toThrow('Invalid bake-time "5 minutes"');
  });

  it('formats for people', () => {
    expect(formatDuration(500)).toBe('500ms');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(9_000_000)).toBe('2h30m');
  });
});
