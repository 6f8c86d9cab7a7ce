import type { AwsClients } from '../../src';
import { waitUntilDrained } from '../../src/cluster/drain';
import { fakeRuntime, type FakeRuntime } from '@immutable-actions/test-support';

// Classic ELB connection draining, against answers shaped as the Elastic Load Balancing API reference
// documents them: a deregistered instance stays listed (InService, "Instance deregistration currently in
// progress") until the draining timeout; without draining it is gone at once.
const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef';
const DRAINING = {
  State: 'InService',
  ReasonCode: 'N/A',
  Description: 'Instance deregistration currently in progress.',
};

interface Play {
  /** Per load balancer: the instances it lists at each look (the last one repeats). */
  elbLooks?: Record<string, string[][]>;
  elbDraining?: Record<string, { Enabled: boolean; Timeout?: number } | 'denied'>;
  tgLooks?: string[][];
  tgDelaySeconds?: number;
}

function fakeAws(play: Play, runtime: FakeRuntime) {
  const calls: string[] = [];
  const looks: Record<string, number> = {};
  const nth = <T>(key: string, list: T[]): T => {
    const i = looks[key] ?? 0;
    looks[key] = i + 1;
    return list[Math.min(i, list.length - 1)] as T;
  };
  const aws = {
    elb: {
      describeInstanceHealth: async ({ LoadBalancerName }: { LoadBalancerName: string }) => {
        calls.push(`DescribeInstanceHealth ${LoadBalancerName} @${runtime.clock.now()}`);
        const ids = nth(LoadBalancerName, play.elbLooks?.[LoadBalancerName] ?? [[]]);
        return { InstanceStates: ids.map((InstanceId) => ({ InstanceId, ...DRAINING })) };
      },
      describeLoadBalancerAttributes: async ({ LoadBalancerName }: { LoadBalancerName: string }) => {
        calls.push(`DescribeLoadBalancerAttributes ${LoadBalancerName}`);
        const draining = play.elbDraining?.[LoadBalancerName];
        if (draining === 'denied') throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
        return { LoadBalancerAttributes: { ConnectionDraining: draining } };
      },
    },
    elbv2: {
      describeTargetHealth: async () => {
        calls.push('DescribeTargetHealth');
        const ids = nth('tg', play.tgLooks ?? [[]]);
        return {
          TargetHealthDescriptions: ids.map((Id) => ({
            Target: { Id },
            TargetHealth: { State: 'draining' },
          })),
        };
      },
      describeTargetGroupAttributes: async () => ({
        Attributes: [
          { Key: 'deregistration_delay.timeout_seconds', Value: String(play.tgDelaySeconds ?? 300) },
        ],
      }),
    },
  } as unknown as Pick<AwsClients, 'elb' | 'elbv2'>;
  return { aws, calls };
}

const group = (extra: { loadBalancers?: string[]; targetGroups?: string[] } = {}) => ({
  name: 'shop-v001',
  instances: [
    { id: 'i-1', lifecycleState: 'InService', healthStatus: 'Healthy' },
    { id: 'i-2', lifecycleState: 'InService', healthStatus: 'Healthy' },
  ] as never,
  servedTargetGroupArns: extra.targetGroups ?? [],
  targetGroupArns: [],
  servedLoadBalancerNames: extra.loadBalancers ?? ['shop-classic'],
  loadBalancerNames: [],
});

describe('waitUntilDrained: classic load balancers', () => {
  it('waits while the ELB still lists a deregistered instance, and ends when it is gone', async () => {
    const runtime = fakeRuntime();
    const start = runtime.clock.now();
    const { aws } = fakeAws(
      {
        elbLooks: { 'shop-classic': [['i-1', 'i-2', 'i-9'], ['i-2'], ['i-2'], []] },
        elbDraining: { 'shop-classic': { Enabled: true, Timeout: 60 } },
      },
      runtime,
    );
    await waitUntilDrained(aws, runtime, group());
    const waited = runtime.clock.now() - start;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThan(60_000);
    expect(runtime.lines).toContain(
      "Waiting for shop-v001's instances to drain (connection draining 60 s) before they are terminated",
    );
  });

  it('never terminates before the draining timeout, and never waits past it', async () => {
    const runtime = fakeRuntime();
    const start = runtime.clock.now();
    const { aws } = fakeAws(
      {
        elbLooks: { 'shop-classic': [['i-1']] },
        elbDraining: { 'shop-classic': { Enabled: true, Timeout: 45 } },
      },
      runtime,
    );
    await waitUntilDrained(aws, runtime, group());
    expect(runtime.clock.now() - start).toBe(45_000);
  });

  it('no draining configured, or nothing of ours listed: no wait and no attribute read', async () => {
    const runtime = fakeRuntime();
    const off = fakeAws(
      {
        elbLooks: { 'shop-classic': [['i-1']] },
        elbDraining: { 'shop-classic': { Enabled: false, Timeout: 300 } },
      },
      runtime,
    );
    await waitUntilDrained(off.aws, runtime, group());
    expect(runtime.sleeps).toEqual([]);
    const others = fakeAws({ elbLooks: { 'shop-classic': [['i-other']] } }, runtime);
    await waitUntilDrained(others.aws, runtime, group());
    expect(runtime.sleeps).toEqual([]);
    expect(others.calls).toEqual([`DescribeInstanceHealth shop-classic @${runtime.clock.now()}`]);
  });

  it("unreadable attributes: AWS's default timeout (300 s) bounds the wait", async () => {
    const runtime = fakeRuntime();
    const start = runtime.clock.now();
    const { aws } = fakeAws(
      { elbLooks: { 'shop-classic': [['i-1']] }, elbDraining: { 'shop-classic': 'denied' } },
      runtime,
    );
    await waitUntilDrained(aws, runtime, group());
    expect(runtime.clock.now() - start).toBe(300_000);
  });

  it('a target group and a classic ELB: the longest of the two bounds it; one look at each per poll', async () => {
    const runtime = fakeRuntime();
    const start = runtime.clock.now();
    const { aws, calls } = fakeAws(
      {
        elbLooks: { 'shop-classic': [['i-1']] },
        elbDraining: { 'shop-classic': { Enabled: true, Timeout: 20 } },
        tgLooks: [['i-2']],
        tgDelaySeconds: 90,
      },
      runtime,
    );
    await waitUntilDrained(aws, runtime, group({ targetGroups: [TG] }));
    expect(runtime.clock.now() - start).toBe(90_000);
    expect(runtime.lines.join('\n')).toContain('(deregistration delay and connection draining 90 s)');
    const elbLooks = calls.filter((c) => c.startsWith('DescribeInstanceHealth')).length;
    expect(calls.filter((c) => c === 'DescribeTargetHealth')).toHaveLength(elbLooks);
  });
});
