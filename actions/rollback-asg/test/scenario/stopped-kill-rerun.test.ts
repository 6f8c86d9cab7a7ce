import { DescribeWarmPoolCommand } from '@aws-sdk/client-auto-scaling';
import {
  deployInProcess,
  makeAmi,
  readWorld,
  runAction,
  servingGroups,
  useSeededMoto,
} from '@immutable-actions/test-support';

// previous-group: stopped and the crash hook: a deploy killed before it stops the previous group, and a
// rollback from a stopped group killed before each step that touches the group or its pool, each re-run
// as a re-run of the same workflow run, end as if never killed. The deploys that are set-up, not what is
// tested (the first one; the stopping one before a rollback), run in this process (deployInProcess).
const { moto, fixtures, net } = useSeededMoto();

const warmPool = async (group: string) =>
  (await fixtures.autoScaling.send(new DescribeWarmPoolCommand({ AutoScalingGroupName: group })))
    .WarmPoolConfiguration;

async function stoppedCluster(cluster: string, killAt?: string): Promise<string> {
  const good = await makeAmi(fixtures, `${cluster}-1`);
  await deployInProcess(moto, {
    cluster,
    'ami-id': good,
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
    'desired-capacity': '2',
    'max-size': '3',
  });
  const inputs = { cluster, 'ami-id': await makeAmi(fixtures, `${cluster}-2`), 'previous-group': 'stopped' };
  const run = { GITHUB_RUN_ID: '777' };
  if (!killAt) {
    await deployInProcess(moto, inputs, { ...run, GITHUB_RUN_ATTEMPT: '2' });
    return good;
  }
  const env = { ...moto.env, ...run };
  const killed = await runAction('deploy-asg', {
    inputs,
    env: { ...env, IMMUTABLE_FAULT_KILL_AT: killAt, GITHUB_RUN_ATTEMPT: '1' },
  });
  expect(killed.signal).toBe('SIGKILL');
  const second = await runAction('deploy-asg', { inputs, env: { ...env, GITHUB_RUN_ATTEMPT: '2' } });
  expect(second.exitCode).toBe(0);
  return good;
}

async function expectStopped(cluster: string): Promise<void> {
  const w = await readWorld(fixtures, cluster);
  const stopped = w.groups.find((g) => g.name === `${cluster}-v000`);
  expect(stopped).toMatchObject({ min: 0, desired: 0 });
  expect(stopped?.tags['immutable:capacity']).toBe('1/2/3');
  expect(stopped?.tags['immutable:warm-pool']).toBe('none');
  expect(await warmPool(`${cluster}-v000`)).toMatchObject({
    PoolState: 'Stopped',
    InstanceReusePolicy: { ReuseOnScaleIn: true },
  });
  expect(servingGroups(w).map((g) => g.name)).toEqual([`${cluster}-v001`]);
}

describe('deploy-asg previous-group: stopped, killed', () => {
  it('before stop-previous: the re-run stops the previous group in its pool', async () => {
    await stoppedCluster('skill-deploy', 'stop-previous');
    await expectStopped('skill-deploy');
  });
});

const rollback = (cluster: string, env: Record<string, string>) =>
  runAction('rollback-asg', { inputs: { cluster }, env: { ...moto.env, GITHUB_RUN_ID: '888', ...env } });

describe.each([['resize'], ['enable-target'], ['wait-healthy'], ['restore-warm-pool'], ['disable-bad']])(
  'rollback from a stopped group killed before %s',
  (step) => {
    it('finishes the same rollback when run again, the temporary pool gone', async () => {
      const cluster = `skill-${step}`;
      const good = await stoppedCluster(cluster);
      await expectStopped(cluster);
      const killed = await rollback(cluster, { IMMUTABLE_FAULT_KILL_AT: step, GITHUB_RUN_ATTEMPT: '1' });
      expect(killed.signal).toBe('SIGKILL');
      expect(servingGroups(await readWorld(fixtures, cluster)).length).toBeGreaterThanOrEqual(1);

      const again = await rollback(cluster, { GITHUB_RUN_ATTEMPT: '2' });
      expect(again.exitCode).toBe(0);
      expect(again.outputs).toEqual({
        'asg-name': `${cluster}-v000`,
        'previous-asg-name': `${cluster}-v001`,
      });
      const w = await readWorld(fixtures, cluster, net.targetGroupArn);
      const serving = servingGroups(w);
      expect(serving.map((g) => g.name)).toEqual([`${cluster}-v000`]);
      expect(serving[0]).toMatchObject({ min: 1, desired: 2, max: 3 });
      expect(serving[0]?.tags['immutable:ami']).toBe(good);
      expect(serving[0]?.tags['immutable:warm-pool']).toBeUndefined();
      expect(serving[0]?.tags['immutable:capacity']).toBeUndefined();
      expect(await warmPool(`${cluster}-v000`)).toBeUndefined();
      const ours = new Set(w.groups.flatMap((g) => g.instances));
      expect(w.healthyTargets.filter((id) => ours.has(id)).sort()).toEqual(
        [...(serving[0]?.instances ?? [])].sort(),
      );
      expect(w.groups.find((g) => g.name === `${cluster}-v001`)?.suspended).toContain('AddToLoadBalancer');
      expect(w.templates).not.toContain(`immutable-lock/${cluster}`);
    });
  },
);
