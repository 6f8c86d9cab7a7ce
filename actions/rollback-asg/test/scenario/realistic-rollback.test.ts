import { DescribeAutoScalingGroupsCommand, type AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import {
  runAction,
  servingCluster,
  setDeregistrationDelay,
  stopAfterEachTest,
  startRealisticAws,
  useSeededMoto,
  type HealthyFloorReport,
  type RealisticAws,
  type RealisticEvent,
} from '@immutable-actions/test-support';

// rollback-asg through the bundle on the realistic layer: a warm previous group whose re-registered
// targets start `initial`, one scaled to zero that must boot first, a launch failure while it grows, a
// lost answer and credentials that expire mid-rollback. A healthy-floor sampler runs beside each.
const { moto, fixtures, net } = useSeededMoto('realrollback');
const started = stopAfterEachTest();

beforeAll(async () => {
  await setDeregistrationDelay(fixtures, net.targetGroupArn, 1);
});

/** `<cluster>-v000` disabled (warm, or scaled to zero) and `-v001` serving, settled, with the sampler started. */
async function twoGroups(cluster: string, inputs: Record<string, string> = {}) {
  const layer = await startRealisticAws({ moto, bootMs: 0, healthMs: 0 });
  started.layers.push(layer);
  // The two deploys are set-up (the rollback is what is tested): in this process, not the bundle.
  const { sampler } = await servingCluster(cluster, {
    layer,
    fixtures,
    net,
    versions: 2,
    inputs,
    inProcess: true,
  });
  started.samplers.push(sampler);
  return { layer, sampler, since: Date.now() - layer.startedAt };
}

const rollback = (layer: RealisticAws, cluster: string, env: Record<string, string> = {}) =>
  runAction('rollback-asg', {
    inputs: { cluster },
    env: { ...layer.env, GITHUB_RUN_ID: '7171', GITHUB_RUN_ATTEMPT: '1', ...env },
  });

async function groupsOf(cluster: string): Promise<Record<string, AutoScalingGroup>> {
  const names = [`${cluster}-v000`, `${cluster}-v001`];
  const answer = await fixtures.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: names }),
  );
  return Object.fromEntries((answer.AutoScalingGroups ?? []).map((g) => [g.AutoScalingGroupName ?? '', g]));
}

const idsOf = (group: AutoScalingGroup | undefined): string[] =>
  (group?.Instances ?? []).flatMap((i) => (i.InstanceId ? [i.InstanceId] : []));

/** When the layer played `kind` for any of these instances, from `since` on (ms since the layer started). */
const timesOf = (
  timeline: RealisticEvent[],
  kind: RealisticEvent['kind'],
  ids: string[],
  since: number,
): number[] =>
  timeline
    .filter((e) => e.atMs >= since && e.kind === kind && ids.some((id) => e.subject.endsWith(`/${id}`)))
    .map((e) => e.atMs);

/** The restored group's targets all turned healthy before the first of the bad group's left traffic. */
function expectRestoredBeforeBadLeft(
  layer: RealisticAws,
  since: number,
  restored: string[],
  bad: string[],
): void {
  const timeline = layer.timeline();
  const healthy = timesOf(timeline, 'target-healthy', restored, since);
  const left = timesOf(timeline, 'target-draining', bad, since);
  expect(healthy).toHaveLength(restored.length);
  expect(timesOf(timeline, 'target-initial', restored, since)).toHaveLength(restored.length);
  expect(left).toHaveLength(bad.length);
  expect(Math.max(...healthy)).toBeLessThan(Math.min(...left));
}

/** The seeded target group is shared by every cluster of the file: at least this cluster's 2 serve. */
function expectFloorHeld(report: HealthyFloorReport): void {
  expect(report.start).toBeGreaterThanOrEqual(2);
  expect(report.samples.length).toBeGreaterThan(3);
  expect(report.min).toBeGreaterThanOrEqual(report.start);
}

describe('rollback-asg on realistic AWS', () => {
  it('a warm previous group: the bad one leaves traffic only after the restored one is healthy', async () => {
    const { layer, sampler, since } = await twoGroups('rbwarm');
    const before = await groupsOf('rbwarm');
    layer.configure({ bootMs: 600, healthMs: 900 });
    const run = await rollback(layer, 'rbwarm');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ 'asg-name': 'rbwarm-v000', 'previous-asg-name': 'rbwarm-v001' });
    // Warm: the same instances serve again, nothing booted.
    const after = await groupsOf('rbwarm');
    expect(idsOf(after['rbwarm-v000']).sort()).toEqual(idsOf(before['rbwarm-v000']).sort());
    expectRestoredBeforeBadLeft(layer, since, idsOf(after['rbwarm-v000']), idsOf(after['rbwarm-v001']));
    expect(after['rbwarm-v000']?.Tags?.some((t) => t.Key === 'immutable:pinned-min')).toBe(false);
    expectFloorHeld(await sampler.stop());
  });

  it('from scale-to-zero: grows back, waits for boot and health, then switches', async () => {
    const { layer, sampler, since } = await twoGroups('rbzero', { 'previous-group': 'scale-to-zero' });
    expect(idsOf((await groupsOf('rbzero'))['rbzero-v000'])).toEqual([]);
    layer.configure({ bootMs: 800, healthMs: 600 });
    const run = await rollback(layer, 'rbzero');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Scale rbzero-v000 back up to 2 instance(s) first');
    const after = await groupsOf('rbzero');
    const grown = idsOf(after['rbzero-v000']);
    expect(grown).toHaveLength(2);
    expect(after['rbzero-v000']?.MinSize).toBe(1);
    // Each new instance booted (Pending, then InService) before it could turn healthy.
    const timeline = layer.timeline();
    const pending = timeline.filter((e) => e.kind === 'instance-pending' && grown.includes(e.subject));
    expect(pending).toHaveLength(2);
    const booted = timeline.filter((e) => e.kind === 'instance-in-service' && grown.includes(e.subject));
    expect(booted).toHaveLength(2);
    expect(Math.min(...booted.map((e) => e.atMs))).toBeGreaterThan(Math.max(...pending.map((e) => e.atMs)));
    const healthy = timesOf(timeline, 'target-healthy', grown, since);
    expect(Math.min(...healthy)).toBeGreaterThanOrEqual(Math.max(...booted.map((e) => e.atMs)));
    expectRestoredBeforeBadLeft(layer, since, grown, idsOf(after['rbzero-v001']));
    expectFloorHeld(await sampler.stop());
  });

  it('a launch failure while it grows: fails within one poll naming AWS message; the bad group keeps serving', async () => {
    const { layer, sampler } = await twoGroups('rbfail', { 'previous-group': 'scale-to-zero' });
    layer.configure({
      bootMs: 800,
      healthMs: 600,
      launchFailures: [{ group: 'rbfail-v000', afterMs: 300, retryMs: 60_000 }],
    });
    const run = await rollback(layer, 'rbfail');
    const ended = Date.now() - layer.startedAt;
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      /^Rollback to rbfail-v000 failed: .*a launch failed: We currently do not have sufficient t3\.micro capacity .* rbfail-v001 keeps serving\.$/,
    );
    const failedAt = layer.timeline().find((e) => e.kind === 'launch-failed')?.atMs ?? NaN;
    // One poll: the health wait's longest delay (15 s), plus taking the target out again; not the 10 m timeout.
    expect(ended - failedAt).toBeLessThan(25_000);
    const after = await groupsOf('rbfail');
    expect(after['rbfail-v001']?.TargetGroupARNs).toEqual([net.targetGroupArn]);
    expect(after['rbfail-v001']?.SuspendedProcesses ?? []).toEqual([]);
    expect(after['rbfail-v000']?.TargetGroupARNs ?? []).toEqual([]);
    expect(after['rbfail-v000']?.Tags?.some((t) => t.Key === 'immutable:pinned-min')).toBe(false);
    // Back to zero, its capacity recorded again: the failed rollback left it as it was.
    expect(after['rbfail-v000']?.DesiredCapacity).toBe(0);
    expect(after['rbfail-v000']?.Tags?.find((t) => t.Key === 'immutable:capacity')?.Value).toBe('1/2/2');
    expect(run.stdout).toContain('Scaled rbfail-v000 to zero');
    expect(after['rbfail-v001']?.Tags?.some((t) => t.Key === 'immutable:rollback-to')).toBe(false);
    const report = await sampler.stop();
    expectFloorHeld(report);
    expect(report.samples.at(-1)?.healthy).toBe(report.start);
  });

  it('a lost answer to the re-attach: retried, accepted, the same end', async () => {
    const { layer, sampler, since } = await twoGroups('rblost');
    layer.configure({ healthMs: 600, loseResponses: [{ operation: 'AttachLoadBalancerTargetGroups' }] });
    const run = await rollback(layer, 'rblost');
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(layer.timeline().some((e) => e.kind === 'response-lost' && e.atMs >= since)).toBe(true);
    const after = await groupsOf('rblost');
    expect(after['rblost-v000']?.TargetGroupARNs).toEqual([net.targetGroupArn]);
    expect(after['rblost-v001']?.TargetGroupARNs ?? []).toEqual([]);
    expectRestoredBeforeBadLeft(layer, since, idsOf(after['rblost-v000']), idsOf(after['rblost-v001']));
    expectFloorHeld(await sampler.stop());
  });

  it('credentials expiring mid-rollback: one line naming the step, then a re-run finishes it', async () => {
    const { layer, sampler } = await twoGroups('rbcred');
    layer.configure({ healthMs: 2000 });
    let expired = false;
    const killed = await runAction('rollback-asg', {
      inputs: { cluster: 'rbcred' },
      env: { ...layer.env, GITHUB_RUN_ID: '7272', GITHUB_RUN_ATTEMPT: '1' },
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          if (!expired && chunk.toString().includes('Step wait-healthy')) {
            expired = true;
            setTimeout(() => layer.expireCredentials(), 300);
          }
        });
      },
    });
    expect(killed.exitCode).toBe(1);
    expect(killed.errors[0]).toMatch(
      /^The credentials expired during wait-healthy; a re-run resumes; use role-duration-seconds for a longer session\./,
    );
    // Half-done: both groups in traffic (the restored one was enabled), which the floor allows.
    const between = await groupsOf('rbcred');
    expect(between['rbcred-v000']?.TargetGroupARNs).toEqual([net.targetGroupArn]);
    expect(between['rbcred-v001']?.TargetGroupARNs).toEqual([net.targetGroupArn]);

    layer.configure({ expireCredentials: {} }); // a new session
    const again = await runAction('rollback-asg', {
      inputs: { cluster: 'rbcred' },
      env: { ...layer.env, GITHUB_RUN_ID: '7272', GITHUB_RUN_ATTEMPT: '2' },
    });
    expect(again.errors).toEqual([]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Finishing an interrupted rollback from rbcred-v001 to rbcred-v000');
    expect(again.outputs).toEqual({ 'asg-name': 'rbcred-v000', 'previous-asg-name': 'rbcred-v001' });
    const after = await groupsOf('rbcred');
    expect(after['rbcred-v001']?.TargetGroupARNs ?? []).toEqual([]);
    expect(after['rbcred-v000']?.Tags?.some((t) => t.Key === 'immutable:pinned-min')).toBe(false);
    expectFloorHeld(await sampler.stop());
  });
});
