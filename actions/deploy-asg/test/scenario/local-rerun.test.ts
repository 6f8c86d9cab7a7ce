import { makeAmi, readWorld, runAction, servingGroups, useSeededMoto } from '@immutable-actions/test-support';

// A deploy run outside Actions (a shell, act without a run id): each process is a new lock holder, so what
// a re-run recognises as its own is the same user and host with the same command. Killed between the
// create and the copies, the same command finishes that group; another command (another capacity) reports
// it, deploys anew, and removes it, its owner's lock being gone (broken on purpose here, as a user would).
const { moto, fixtures, net } = useSeededMoto('local');

const LOCAL = { GITHUB_REPOSITORY: undefined, GITHUB_RUN_ID: undefined, USER: 'ana' };
const deploy = (inputs: Record<string, string>, env: Record<string, string | undefined> = {}) =>
  runAction('deploy-asg', { inputs, env: { ...moto.env, ...LOCAL, ...env } });

async function killedLocally(cluster: string): Promise<{ ami: string }> {
  const first = await deploy({
    cluster,
    'ami-id': await makeAmi(fixtures, `${cluster}-1`),
    'launch-template': net.baseTemplateName,
    'target-groups': net.targetGroupName,
  });
  expect(first.exitCode).toBe(0);
  const ami = await makeAmi(fixtures, `${cluster}-2`);
  const killed = await deploy({ cluster, 'ami-id': ami }, { IMMUTABLE_FAULT_KILL_AT: 'copy-to-group' });
  expect(killed.signal).toBe('SIGKILL');
  const half = (await readWorld(fixtures, cluster)).groups.find((g) => g.name === `${cluster}-v001`);
  expect(half?.tags['immutable:deploy-by']).toMatch(/^local:ana@[^/]+\/deploy-[0-9a-f]{16}$/);
  expect(half?.tags['immutable:phase']).toBe('waiting');
  return { ami };
}

describe('a local deploy killed midway', () => {
  it('the same command run again resumes its own half-done group', async () => {
    const cluster = 'lsame';
    const { ami } = await killedLocally(cluster);
    const again = await deploy({ cluster, 'ami-id': ami, 'break-lock': 'true' });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`Found ${cluster}-v001 from an earlier run of this deploy`);
    expect(again.outputs['asg-name']).toBe(`${cluster}-v001`);
    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    expect(servingGroups(world).map((g) => g.name)).toEqual([`${cluster}-v001`]);
    expect(world.groups.map((g) => g.name).sort()).toEqual([`${cluster}-v000`, `${cluster}-v001`]);
  });

  it('another command (other capacity) reports the half-done group, deploys anew and removes it', async () => {
    const cluster = 'lother';
    const { ami } = await killedLocally(cluster);
    const other = await deploy({
      cluster,
      'ami-id': ami,
      'desired-capacity': '2',
      'max-size': '2',
      'break-lock': 'true',
    });
    expect(other.exitCode).toBe(0);
    expect(other.stdout).not.toContain('from an earlier run of this deploy');
    expect(other.stdout).toMatch(
      new RegExp(
        `Found ${cluster}-v001 half-done by another deploy \\(local:ana@[^/]+/deploy-[0-9a-f]{16}, phase waiting\\)`,
      ),
    );
    expect(other.outputs).toMatchObject({
      'asg-name': `${cluster}-v002`,
      'previous-asg-name': `${cluster}-v000`,
    });
    const world = await readWorld(fixtures, cluster, net.targetGroupArn);
    const serving = servingGroups(world);
    expect(serving.map((g) => [g.name, g.desired])).toEqual([[`${cluster}-v002`, 2]]);
    expect(world.groups.map((g) => g.name).sort()).toEqual([`${cluster}-v000`, `${cluster}-v002`]);
    expect(world.templates).not.toContain(`${cluster}-v001`);
  });
});
