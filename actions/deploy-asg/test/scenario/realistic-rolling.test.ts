import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  createAlarm,
  makeAmi,
  runAction,
  servingCluster,
  setAlarm,
  setDeregistrationDelay,
  stopAfterEachTest,
  startRealisticAws,
  useSeededMoto,
  type RealisticEvent,
} from '@immutable-actions/test-support';

// rolling-red-black on realistic AWS: an alarm fires mid-way, after a share of the old group left
// traffic. Re-registered targets start `initial` on a real ALB, so the restore must wait for the old
// group to be healthy again before the new group leaves traffic.
const { moto, fixtures, net } = useSeededMoto('realroll');
const started = stopAfterEachTest();

beforeAll(async () => {
  await setDeregistrationDelay(fixtures, net.targetGroupArn, 1);
});

const groupInstances = async (name: string): Promise<string[]> =>
  (
    (await fixtures.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] })))
      .AutoScalingGroups?.[0]?.Instances ?? []
  ).flatMap((i) => (i.InstanceId ? [i.InstanceId] : []));

/** The times (ms since the layer started) at which the layer played `kind` for any of these instances. */
const timesOf = (timeline: RealisticEvent[], kind: RealisticEvent['kind'], ids: string[]): number[] =>
  timeline
    .filter((e) => e.kind === kind && ids.some((id) => e.subject.endsWith(`/${id}`)))
    .map((e) => e.atMs);

describe('rolling-red-black on realistic AWS', () => {
  it('an alarm mid-way: the old group is healthy again before the new one leaves traffic; the floor holds', async () => {
    const layer = await startRealisticAws({ moto, bootMs: 0, healthMs: 0 });
    started.layers.push(layer);
    const { sampler } = await servingCluster('rroll', { layer, fixtures, net });
    started.samplers.push(sampler);
    const oldIds = await groupInstances('rroll-v000');
    await createAlarm(fixtures, 'rroll-5xx', 'OK');
    layer.configure({ bootMs: 600, healthMs: 900 });

    const deployStarted = Date.now() - layer.startedAt;
    let fired = false;
    const run = await runAction('deploy-asg', {
      inputs: {
        cluster: 'rroll',
        'ami-id': await makeAmi(fixtures, 'rroll-2'),
        strategy: 'rolling-red-black',
        percentages: '50,100',
        'alarm-names': 'rroll-5xx',
      },
      env: { ...layer.env, GITHUB_RUN_ID: '6161' },
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          // While the first shift waits for its new instance, the alarm goes off: read after the shift.
          if (!fired && chunk.toString().includes('Shift 50%: rroll-v001 to 1 instance')) {
            fired = true;
            void setAlarm(fixtures, 'rroll-5xx', 'ALARM');
          }
        });
      },
    });
    expect(fired).toBe(true);
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/Alarm rroll-5xx went to ALARM at the 50% step of the rolling deploy/);
    expect(run.stdout).toContain('Shift 50%: 1 new instance(s) healthy, 1/2 old ones out of traffic');
    expect(run.stdout).toContain('rroll-v000 serves fully again; rroll-v001 is disabled');

    const timeline = layer.timeline().filter((e) => e.atMs >= deployStarted);
    const newIds = await groupInstances('rroll-v001');
    expect(newIds).toHaveLength(1);
    // The share that left traffic on purpose, and came back: `initial`, then `healthy`, on the layer.
    const oldDrained = timesOf(timeline, 'target-draining', oldIds);
    const oldInitial = timesOf(timeline, 'target-initial', oldIds);
    const oldHealthy = timesOf(timeline, 'target-healthy', oldIds);
    expect(oldDrained).toHaveLength(1);
    expect(oldInitial).toHaveLength(1);
    expect(oldHealthy).toHaveLength(1);
    const [drained = NaN, initial = NaN, healthyAgain = NaN] = [oldDrained[0], oldInitial[0], oldHealthy[0]];
    expect(initial).toBeGreaterThan(drained);
    expect(healthyAgain).toBeGreaterThan(initial);
    // The new group left traffic only after that.
    const newLeft = Math.min(...timesOf(timeline, 'target-draining', newIds));
    expect(Number.isFinite(newLeft)).toBe(true);
    expect(healthyAgain).toBeLessThan(newLeft);

    // The end state: the old group serves with every instance, nothing held; the new one disabled.
    const groups =
      (
        await fixtures.autoScaling.send(
          new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['rroll-v000', 'rroll-v001'] }),
        )
      ).AutoScalingGroups ?? [];
    const old = groups.find((g) => g.AutoScalingGroupName === 'rroll-v000');
    const created = groups.find((g) => g.AutoScalingGroupName === 'rroll-v001');
    expect(old?.SuspendedProcesses ?? []).toEqual([]);
    expect(old?.TargetGroupARNs).toEqual([net.targetGroupArn]);
    expect(created?.TargetGroupARNs ?? []).toEqual([]);
    expect(created?.Tags?.find((t) => t.Key === 'immutable:phase')?.Value).toBe('rolled-back');

    // The share moved on purpose went to the new group first, so the floor holds even through it.
    const report = await sampler.stop();
    expect(report.samples.length).toBeGreaterThan(3);
    expect(report.min).toBeGreaterThanOrEqual(report.start);
    expect(report.start).toBeGreaterThanOrEqual(2); // the seeded target group is shared by the file
  });

  it('a rolling deploy with boot and health time: each old share leaves only after a new one is healthy', async () => {
    const layer = await startRealisticAws({ moto, bootMs: 0, healthMs: 0 });
    started.layers.push(layer);
    const { sampler } = await servingCluster('rstep', { layer, fixtures, net });
    started.samplers.push(sampler);
    const oldIds = await groupInstances('rstep-v000');
    layer.configure({ bootMs: 500, healthMs: 700 });
    const deployStarted = Date.now() - layer.startedAt;
    const run = await runAction('deploy-asg', {
      inputs: {
        cluster: 'rstep',
        'ami-id': await makeAmi(fixtures, 'rstep-2'),
        strategy: 'rolling-red-black',
        percentages: '50,100',
      },
      env: { ...layer.env, GITHUB_RUN_ID: '6262' },
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs['asg-name']).toBe('rstep-v001');
    const timeline = layer.timeline().filter((e) => e.atMs >= deployStarted);
    const newIds = await groupInstances('rstep-v001');
    expect(newIds).toHaveLength(2);
    const newHealthy = timesOf(timeline, 'target-healthy', newIds).sort((a, b) => a - b);
    const oldLeft = timesOf(timeline, 'target-draining', oldIds).sort((a, b) => a - b);
    expect(newHealthy).toHaveLength(2);
    expect(oldLeft).toHaveLength(2);
    // The k-th old instance leaves traffic only after the k-th new one turned healthy.
    newHealthy.forEach((healthy, k) => expect(healthy).toBeLessThan(oldLeft[k] ?? NaN));
    const report = await sampler.stop();
    expect(report.samples.length).toBeGreaterThan(3);
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });
});
