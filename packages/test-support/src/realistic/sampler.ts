import { INTERNAL_HEADER } from './layer';
import { queryCall } from './query';
import { at, elements, textAt } from './xml';

export interface HealthyFloorOptions {
  /** The realistic layer's endpoint (what the code under test sees), or moto's. */
  endpoint: string;
  /** Target groups to count; with `cluster`, the cluster's groups' target groups are added as found. */
  targetGroupArns?: string[];
  /** Classic load balancers to count (InService instances). */
  loadBalancerNames?: string[];
  /** Groups named `<cluster>-v…`: their target groups and classic load balancers are counted too. */
  cluster?: string;
  /** Default 75 ms. */
  intervalMs?: number;
}

export interface HealthySample {
  /** ms since the sampler started. */
  atMs: number;
  /** Healthy targets summed over the target groups, plus InService instances of the classic load balancers. */
  healthy: number;
  /** Per target group ARN or load balancer name. */
  by: Record<string, number>;
}

export interface HealthyFloorReport {
  /** The healthy count of the first sample, taken before start() returned. */
  start: number;
  min: number;
  minAtMs: number;
  samples: HealthySample[];
  /** Samples that failed (the emulator busy or gone) and were skipped. */
  errors: number;
}

export interface HealthyFloorSampler {
  /** The report so far. */
  report(): HealthyFloorReport;
  /** Stops sampling (after one last sample) and answers the report. */
  stop(): Promise<HealthyFloorReport>;
}

const INTERNAL = { [INTERNAL_HEADER]: 'sampler' };
/** Samples per listing of the cluster's groups (see sample()): every ~0.3 s at the default interval. */
const DISCOVER_EVERY = 4;

/**
 * Polls the target health of a cluster every ~75 ms during a test and records the number of healthy serving
 * targets, so a test can assert the floor: `expect(report.min).toBeGreaterThanOrEqual(report.start)`.
 * Its calls go through the layer (seeing what the code under test sees) but are not counted there.
 */
export async function startHealthyFloorSampler(options: HealthyFloorOptions): Promise<HealthyFloorSampler> {
  const startedAt = Date.now();
  const targetGroups = new Set(options.targetGroupArns ?? []);
  const loadBalancers = new Set(options.loadBalancerNames ?? []);
  const samples: HealthySample[] = [];
  let errors = 0;

  const discover = async (): Promise<void> => {
    if (!options.cluster) return;
    const root = await queryCall(options.endpoint, 'autoscaling', 'DescribeAutoScalingGroups', {}, INTERNAL);
    for (const group of elements(
      at(root, 'DescribeAutoScalingGroupsResult', 'AutoScalingGroups'),
      'member',
    )) {
      if (!textAt(group, 'AutoScalingGroupName').startsWith(`${options.cluster}-v`)) continue;
      for (const arn of elements(at(group, 'TargetGroupARNs'), 'member')) targetGroups.add(textAt(arn));
      for (const name of elements(at(group, 'LoadBalancerNames'), 'member')) loadBalancers.add(textAt(name));
    }
  };

  let samplesTaken = 0;
  const sample = async (rediscover = false): Promise<void> => {
    try {
      // The cluster's groups are listed on every DISCOVER_EVERY-th sample (and the first and last): that
      // listing is most of a sample's cost. Target groups and load balancers are only ever added, and one
      // found a few samples late was in no earlier sample (nor the start): a drop is never hidden by it.
      if (rediscover || samplesTaken++ % DISCOVER_EVERY === 0) await discover();
      const by: Record<string, number> = {};
      await Promise.all([
        ...[...targetGroups].map(async (arn) => {
          const root = await queryCall(
            options.endpoint,
            'elbv2',
            'DescribeTargetHealth',
            { TargetGroupArn: arn },
            INTERNAL,
          );
          by[arn] = elements(
            at(root, 'DescribeTargetHealthResult', 'TargetHealthDescriptions'),
            'member',
          ).filter((m) => textAt(m, 'TargetHealth', 'State') === 'healthy').length;
        }),
        ...[...loadBalancers].map(async (name) => {
          const root = await queryCall(
            options.endpoint,
            'elb',
            'DescribeInstanceHealth',
            { LoadBalancerName: name },
            INTERNAL,
          );
          by[name] = elements(at(root, 'DescribeInstanceHealthResult', 'InstanceStates'), 'member').filter(
            (m) => textAt(m, 'State') === 'InService',
          ).length;
        }),
      ]);
      samples.push({
        atMs: Date.now() - startedAt,
        healthy: Object.values(by).reduce((a, b) => a + b, 0),
        by,
      });
    } catch {
      errors++;
    }
  };

  await sample();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = (): void => {
    timer = setTimeout(() => {
      running = sample().then(() => {
        if (!stopped) loop();
      });
    }, options.intervalMs ?? 75);
    timer.unref();
  };
  loop();

  const report = (): HealthyFloorReport => {
    const first = samples[0];
    let min = first;
    for (const s of samples) if (min === undefined || s.healthy < min.healthy) min = s;
    return {
      start: first?.healthy ?? 0,
      min: min?.healthy ?? 0,
      minAtMs: min?.atMs ?? 0,
      samples: [...samples],
      errors,
    };
  };
  return {
    report,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await sample(true);
      return report();
    },
  };
}
