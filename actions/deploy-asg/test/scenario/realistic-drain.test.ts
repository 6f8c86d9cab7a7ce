import {
  makeAmi,
  runAction,
  servingCluster,
  setDeregistrationDelay,
  startRealisticAws,
  useSeededMoto,
  type RealisticAws,
} from '@immutable-actions/test-support';

// The deregistration delay on realistic AWS: a target that served drains for the target group's
// deregistration_delay.timeout_seconds, and no instance may be terminated before that has passed.
const { moto, fixtures, net } = useSeededMoto('realdrain');
const DELAY_S = 3;
let layer: RealisticAws;

beforeAll(async () => {
  await setDeregistrationDelay(fixtures, net.targetGroupArn, DELAY_S);
  layer = await startRealisticAws({ moto, bootMs: 0, healthMs: 0 });
});
afterAll(async () => {
  await layer.stop();
});

const setup = () => ({ layer, fixtures, net, env: { GITHUB_RUN_ID: '5151' } });

const deploy = (inputs: Record<string, string>) =>
  runAction('deploy-asg', { inputs, env: { ...layer.env, GITHUB_RUN_ID: '5151' } });

/** When the bundle logged a line matching `pattern` (its timestamp), in ms since the layer started. */
function loggedAt(stdout: string, pattern: RegExp): number {
  const line = stdout.split('\n').find((l) => pattern.test(l)) ?? '';
  const stamp = /^\[([^\]]+)\]/.exec(line.replace(/^::\w+::/, ''))?.[1];
  return stamp ? Date.parse(stamp) - layer.startedAt : NaN;
}

describe('draining on realistic AWS', () => {
  it("highlander deletes the old group only after its targets drained for the target group's delay", async () => {
    const { sampler } = await servingCluster('dhigh', { ...setup(), inputs: { strategy: 'highlander' } });
    const run = await deploy({
      cluster: 'dhigh',
      'ami-id': await makeAmi(fixtures, 'dhigh-2'),
      strategy: 'highlander',
    });
    expect(run.errors).toEqual([]);
    expect(run.stdout).toContain(
      `Waiting for dhigh-v000's instances to drain (deregistration delay ${DELAY_S} s)`,
    );
    const drainStarted = Math.min(
      ...layer
        .timeline()
        .filter((e) => e.kind === 'target-draining')
        .map((e) => e.atMs),
    );
    const deleted = loggedAt(run.stdout, /Deleted dhigh-v000/);
    expect(Number.isFinite(drainStarted)).toBe(true);
    expect(Number.isFinite(deleted)).toBe(true);
    // The log's clock is whole milliseconds of the same machine: allow for rounding only.
    expect(deleted - drainStarted).toBeGreaterThanOrEqual(DELAY_S * 1000 - 50);
    const report = await sampler.stop();
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });

  it('scale-to-zero with bake-time 0 waits for the disabled group to drain before its instances go', async () => {
    const { sampler } = await servingCluster('dzero', {
      ...setup(),
      inputs: { 'previous-group': 'scale-to-zero' },
    });
    const before = layer.timeline().length;
    const run = await deploy({
      cluster: 'dzero',
      'ami-id': await makeAmi(fixtures, 'dzero-2'),
      'previous-group': 'scale-to-zero',
    });
    expect(run.errors).toEqual([]);
    const drainStarted = Math.min(
      ...layer
        .timeline()
        .slice(before)
        .filter((e) => e.kind === 'target-draining')
        .map((e) => e.atMs),
    );
    const scaled = loggedAt(run.stdout, /Scaled dzero-v000 to zero/);
    expect(Number.isFinite(drainStarted)).toBe(true);
    expect(Number.isFinite(scaled)).toBe(true);
    expect(scaled - drainStarted).toBeGreaterThanOrEqual(DELAY_S * 1000 - 50);
    const report = await sampler.stop();
    expect(report.min).toBeGreaterThanOrEqual(report.start);
  });
});
