import { MACHINE_ONLY_ENV, runAction, type CallTiming } from '@immutable-actions/test-support';
import { performance } from 'node:perf_hooks';
import { withCountedWorld } from './counted-world';

export interface BundleResult {
  instances: number;
  /** The timed red/black deploy: `node dist/deploy-asg/index.js` from spawn to exit, cold start included. */
  wallMs: number;
  calls: Record<string, number>;
  total: number;
  /** Every AWS call of the timed deploy, in order: ms from spawn to its arrival at the proxy, and its answer's time. */
  timeline: CallTiming[];
  /** Where the wall time went: before the first call (node, the bundle, inputs), waiting on AWS, and the rest. */
  split: {
    beforeFirstCallMs: number;
    awaitingAwsMs: number;
    afterLastCallMs: number;
    otherMs: number;
    /** Calls that started with none in flight: the deploy's sequential round trips. */
    roundTrips: number;
  };
}

/** Splits a run's wall time by its call timeline: time with at least one call in flight counts once. */
export function splitWall(wallMs: number, timeline: readonly CallTiming[]): BundleResult['split'] {
  const sorted = [...timeline].sort((a, b) => a.startedMs - b.startedMs);
  let awaiting = 0;
  let roundTrips = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const call of sorted) {
    const stop = call.startedMs + call.durationMs;
    if (call.startedMs > end) {
      awaiting += call.durationMs;
      roundTrips++;
    } else if (stop > end) awaiting += stop - end;
    end = Math.max(end, stop);
  }
  const first = sorted[0]?.startedMs ?? wallMs;
  const last = Number.isFinite(end) ? end : wallMs;
  const after = Math.max(0, wallMs - last);
  return {
    beforeFirstCallMs: first,
    awaitingAwsMs: awaiting,
    afterLastCallMs: after,
    otherMs: Math.max(0, wallMs - first - awaiting - after),
    roundTrips,
  };
}

/** What runAction leaves out of a bundle's environment (the machine's extra CA file), as this machine sets it. */
export function machineOnlyEnv(): Record<string, string> {
  return Object.fromEntries(
    MACHINE_ONLY_ENV.flatMap((name) => {
      const value = process.env[name];
      return value === undefined ? [] : [[name, value]];
    }),
  );
}

/**
 * deploy-asg as the runner runs it: a first deploy of N instances, then the timed red/black deploy of a second
 * AMI, each a fresh `node dist/deploy-asg/index.js` process with INPUT_* and the GITHUB_* files, through a
 * counting proxy in front of its own moto. This is what a user waits for, where the in-process figure leaves
 * out node's start and the bundle's module loading. With `machineEnv` (the default) the bundle gets this
 * machine's whole environment, its extra CA file included, as a runner started here would.
 */
export async function benchBundleDeploy(
  instances: number,
  { machineEnv = true }: { machineEnv?: boolean } = {},
): Promise<BundleResult> {
  return withCountedWorld('bundle', async ({ moto, proxy, net, amis }) => {
    const env = {
      ...moto.env,
      AWS_ENDPOINT_URL: proxy.endpoint,
      ...(machineEnv ? machineOnlyEnv() : {}),
    };
    const cluster = 'bundle';
    const first = await runAction('deploy-asg', {
      env,
      inputs: {
        cluster,
        'ami-id': amis[0],
        'launch-template': net.baseTemplateName,
        'target-groups': net.targetGroupName,
        'desired-capacity': String(instances),
        'min-size': '1',
        'max-size': String(instances),
      },
    });
    if (first.exitCode !== 0) throw new Error(`first deploy failed: ${first.errors.join('; ')}`);
    proxy.resetStats();
    const started = performance.now();
    const second = await runAction('deploy-asg', { env, inputs: { cluster, 'ami-id': amis[1] } });
    const wallMs = performance.now() - started;
    if (second.exitCode !== 0) throw new Error(`red/black deploy failed: ${second.errors.join('; ')}`);
    const seen = proxy.stats();
    const timeline = proxy.timeline();
    return {
      instances,
      wallMs,
      calls: seen.byOperation,
      total: seen.total,
      timeline,
      split: splitWall(wallMs, timeline),
    };
  });
}
