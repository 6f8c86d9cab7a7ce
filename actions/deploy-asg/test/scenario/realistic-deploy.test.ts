import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  createAlarm,
  makeAmi,
  runAction,
  servingCluster as settledCluster,
  setDeregistrationDelay,
  stopAfterEachTest,
  startRealisticAws,
  useSeededMoto,
  type HealthyFloorSampler,
  type RealisticAws,
  type RealisticAwsOptions,
} from '@immutable-actions/test-support';

// Deploys through the bundle on the realistic layer: boot and health time, eventual consistency, lost
// answers, failed launches and expiring credentials, with a healthy-floor sampler beside each.
const { moto, fixtures, net } = useSeededMoto('realdeploy');
const started = stopAfterEachTest();

// AWS's default deregistration delay is 300 s, which the layer plays and deploys now wait out before
// terminating what served: a short one keeps these tests quick (realistic-drain.test.ts tests the wait).
beforeAll(async () => {
  await setDeregistrationDelay(fixtures, net.targetGroupArn, 1);
});

async function layerWith(options: Omit<RealisticAwsOptions, 'moto'> = {}): Promise<RealisticAws> {
  const layer = await startRealisticAws({ moto, bootMs: 0, healthMs: 0, ...options });
  started.layers.push(layer);
  return layer;
}

const deploy = (layer: RealisticAws, inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('deploy-asg', { inputs, env: { ...layer.env, GITHUB_RUN_ID: '4242', ...env } });

/** A first group serving 2 instances, settled (booted and healthy), then the floor sampler started. */
async function servingCluster(layer: RealisticAws, cluster: string): Promise<HealthyFloorSampler> {
  const { sampler } = await settledCluster(cluster, { layer, fixtures, net });
  started.samplers.push(sampler);
  return sampler;
}

const groupsOf = async (cluster: string) =>
  (await fixtures.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups?.filter((g) =>
    g.AutoScalingGroupName?.startsWith(`${cluster}-v`),
  ) ?? [];

describe('deploy-asg on realistic AWS', () => {
  it('boot and health time: the old group leaves traffic only after the new one is healthy; the floor holds', async () => {
    const layer = await layerWith();
    const sampler = await servingCluster(layer, 'rboot');
    layer.configure({ bootMs: 1500, healthMs: 1500 });
    const run = await deploy(layer, { cluster: 'rboot', 'ami-id': await makeAmi(fixtures, 'rboot-2') });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const timeline = layer.timeline();
    const newIds = new Set(
      ((await groupsOf('rboot')).find((g) => g.AutoScalingGroupName === 'rboot-v001')?.Instances ?? []).map(
        (i) => i.InstanceId,
      ),
    );
    const lastHealthy = Math.max(
      ...timeline
        .filter((e) => e.kind === 'target-healthy' && [...newIds].some((id) => e.subject.includes(id ?? '?')))
        .map((e) => e.atMs),
    );
    const firstDrain = Math.min(...timeline.filter((e) => e.kind === 'target-draining').map((e) => e.atMs));
    expect(newIds.size).toBe(2);
    expect(Number.isFinite(lastHealthy)).toBe(true);
    expect(Number.isFinite(firstDrain)).toBe(true);
    expect(firstDrain).toBeGreaterThanOrEqual(lastHealthy);
    // Pinned (min = desired) while it turned healthy, unpinned after.
    const group = (await groupsOf('rboot')).find((g) => g.AutoScalingGroupName === 'rboot-v001');
    expect(group?.Tags?.some((t) => t.Key === 'immutable:pinned-min')).toBe(false);
    const report = await sampler.stop();
    expect(report.samples.length).toBeGreaterThan(3);
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });

  it('eventual consistency on create, then a lost create answer: retried and accepted, one group each', async () => {
    const layer = await layerWith();
    const sampler = await servingCluster(layer, 'rcons');
    layer.configure({ consistency: { launchTemplateMs: 2500, groupMs: 1500 } });
    const lagging = await deploy(layer, { cluster: 'rcons', 'ami-id': await makeAmi(fixtures, 'rcons-2') });
    expect(lagging.errors).toEqual([]);
    expect(lagging.exitCode).toBe(0);
    expect(layer.timeline().map((e) => e.kind)).toContain('rejected');
    expect(lagging.stdout).toContain('AWS has not caught up yet');

    layer.configure({ consistency: {}, loseResponses: [{ operation: 'CreateAutoScalingGroup' }] });
    const lost = await deploy(layer, { cluster: 'rcons', 'ami-id': await makeAmi(fixtures, 'rcons-3') });
    expect(lost.errors).toEqual([]);
    expect(lost.exitCode).toBe(0);
    expect(layer.timeline().map((e) => e.kind)).toContain('response-lost');
    expect(lost.stdout).toContain('rcons-v002 was already created by this run');
    expect((await groupsOf('rcons')).map((g) => g.AutoScalingGroupName).sort()).toEqual([
      'rcons-v001',
      'rcons-v002',
    ]);
    const report = await sampler.stop();
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });

  it('a launch failure fails within one poll, naming AWS message, with nothing left behind', async () => {
    const layer = await layerWith();
    const sampler = await servingCluster(layer, 'rlaunch');
    layer.configure({ launchFailures: [{ group: 'rlaunch-v001', afterMs: 100, retryMs: 60_000 }] });
    const run = await deploy(layer, { cluster: 'rlaunch', 'ami-id': await makeAmi(fixtures, 'rlaunch-2') });
    const ended = Date.now() - layer.startedAt;
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/a launch failed: We currently do not have sufficient .* capacity/);
    const failedAt = layer.timeline().find((e) => e.kind === 'launch-failed')?.atMs ?? 0;
    // One poll: the health wait's longest delay (15 s), plus the clean-up.
    expect(ended - failedAt).toBeLessThan(25_000);
    const groups = await groupsOf('rlaunch');
    expect(groups.map((g) => g.AutoScalingGroupName)).toEqual(['rlaunch-v000']);
    expect(groups[0]?.SuspendedProcesses ?? []).toEqual([]);
    const report = await sampler.stop();
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });

  it('credentials expiring in the bake time: one line naming the step, then a re-run resumes and finishes', async () => {
    const layer = await layerWith();
    const sampler = await servingCluster(layer, 'rcred');
    await createAlarm(fixtures, 'rcred-5xx', 'OK');
    const ami = await makeAmi(fixtures, 'rcred-2');
    // The credentials expire half a second into the bake, which the alarm polls every 0.8 to 2 s: 8 s leave the
    // expiry ample room to land in it, and the re-run bakes the whole 8 s again.
    const inputs = { cluster: 'rcred', 'ami-id': ami, 'alarm-names': 'rcred-5xx', 'bake-time': '8s' };
    let expired = false;
    const killed = await runAction('deploy-asg', {
      inputs,
      env: { ...layer.env, GITHUB_RUN_ID: '4343', GITHUB_RUN_ATTEMPT: '1' },
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (!expired && chunk.toString().includes('Step watch')) {
            expired = true;
            setTimeout(() => layer.expireCredentials(), 500);
          }
        });
      },
    });
    expect(killed.exitCode).toBe(1);
    expect(killed.errors[0]).toMatch(
      /^The credentials expired during watch; a re-run resumes; use role-duration-seconds for a longer session\./,
    );
    layer.configure({ expireCredentials: {} }); // a new session
    const again = await runAction('deploy-asg', {
      inputs,
      env: { ...layer.env, GITHUB_RUN_ID: '4343', GITHUB_RUN_ATTEMPT: '2' },
    });
    expect(again.errors).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.outputs['asg-name']).toBe('rcred-v001');
    expect(again.stdout).toContain('Taking over the lock');
    const report = await sampler.stop();
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });
});
