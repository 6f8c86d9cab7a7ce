import {
  createAwsClients,
  deploy,
  describeCluster,
  parseDeployOptions,
  parseRollbackOptions,
  realSleep,
  rollback,
  silentLogger,
  systemRuntime,
  type AwsClients,
  type Runtime,
} from '@immutable-actions/core';
import {
  fixtureClients,
  makeAmi,
  seedNetwork,
  startFaultProxy,
  startMoto,
  useMotoEnv,
  type FaultProxy,
  type FixtureClients,
  type Moto,
  type SeededNetwork,
} from '@immutable-actions/test-support';
import { performance } from 'node:perf_hooks';

export interface Measured {
  wallMs: number;
  sleptMs: number;
  /** AWS calls seen by the counting proxy, keyed `service:Operation`. */
  calls: Record<string, number>;
  total: number;
  /** Attempts counted by the SDK middleware (createAwsClients' onCall): should equal `total`. */
  sdkAttempts: number;
}

export interface SizeResult {
  instances: number;
  first: Measured;
  redBlack: Measured;
  rollback: Measured;
}

/** A real runtime (real clock, real sleeps) whose sleep adds up how long the core waited between polls. */
function sleepCountingRuntime(): Runtime & { slept(): number } {
  const base = systemRuntime(silentLogger);
  let slept = 0;
  return {
    ...base,
    sleep: async (delay, signal) => {
      const started = performance.now();
      try {
        await realSleep(delay, signal);
      } finally {
        slept += performance.now() - started;
      }
    },
    slept: () => slept,
  };
}

/**
 * One moto per size, a counting proxy (no faults) in front of it, and the core's deploy() and rollback()
 * called directly: a first deploy into the empty cluster, a red/black deploy replacing it, then a rollback.
 * Every group has desired = N (min 1, max N); moto launches the instances synchronously.
 */
export async function benchDeploySize(instances: number, log: (line: string) => void): Promise<SizeResult> {
  let moto: Moto | undefined;
  let proxy: FaultProxy | undefined;
  let fixtures: FixtureClients | undefined;
  let aws: AwsClients | undefined;
  let restoreEnv: (() => void) | undefined;
  try {
    moto = await startMoto();
    proxy = await startFaultProxy({ target: moto.endpoint, rates: { throttle: 0, error: 0, reset: 0 } });
    fixtures = fixtureClients(moto);
    const net: SeededNetwork = await seedNetwork(fixtures, 'bench');
    const amis = [await makeAmi(fixtures, 'bench-1'), await makeAmi(fixtures, 'bench-2')];
    restoreEnv = useMotoEnv({ ...moto, env: { ...moto.env, AWS_ENDPOINT_URL: proxy.endpoint } });
    let sdkAttempts = 0;
    aws = createAwsClients({ onCall: () => sdkAttempts++ });
    const clients = aws;
    const cluster = 'bench';
    // Load the SDK clients before measuring: their one-off cost is the cold start's, reported there.
    await describeCluster(clients.autoScaling, cluster);
    await clients.ec2.describeSubnets({ SubnetIds: net.subnetIds });
    await clients.elbv2.describeTargetGroups({ Names: [net.targetGroupName] });
    await clients.cloudWatch.describeAlarms({ AlarmNames: ['bench-none'] });

    const measure = async (what: string, work: (runtime: Runtime) => Promise<unknown>): Promise<Measured> => {
      const runtime = sleepCountingRuntime();
      const stats = proxy as FaultProxy;
      stats.resetStats();
      sdkAttempts = 0;
      const started = performance.now();
      await work(runtime);
      const wallMs = performance.now() - started;
      const seen = stats.stats();
      log(`  ${instances} instances, ${what}: ${Math.round(wallMs)} ms, ${seen.total} calls`);
      return { wallMs, sleptMs: runtime.slept(), calls: seen.byOperation, total: seen.total, sdkAttempts };
    };
    const capacity = { desiredCapacity: String(instances), minSize: '1', maxSize: String(instances) };
    const first = await measure('first deploy', (runtime) =>
      deploy(
        { aws: clients, runtime },
        parseDeployOptions({
          cluster,
          amiId: amis[0] ?? '',
          launchTemplate: net.baseTemplateName,
          targetGroups: net.targetGroupName,
          ...capacity,
        }),
      ),
    );
    const redBlack = await measure('red/black deploy', (runtime) =>
      deploy({ aws: clients, runtime }, parseDeployOptions({ cluster, amiId: amis[1] ?? '' })),
    );
    const back = await measure('rollback', (runtime) =>
      rollback({ aws: clients, runtime }, parseRollbackOptions({ cluster })),
    );
    return { instances, first, redBlack, rollback: back };
  } finally {
    aws?.destroy();
    restoreEnv?.();
    fixtures?.destroy();
    await proxy?.stop();
    await moto?.stop();
  }
}

/** Operations whose count at the largest size exceeds the count at the smallest (missing counts as 0). */
export function growingOperations<R extends { instances: number }>(
  results: R[],
  pick: (r: R) => { calls: Record<string, number> },
): string[] {
  const sorted = [...results].sort((a, b) => a.instances - b.instances);
  const smallest = sorted[0];
  if (!smallest || sorted.length < 2) return [];
  const operations = new Set(sorted.flatMap((r) => Object.keys(pick(r).calls)));
  return [...operations].filter((op) => {
    const counts = sorted.map((r) => pick(r).calls[op] ?? 0);
    return (counts.at(-1) ?? 0) > (counts[0] ?? 0);
  });
}
