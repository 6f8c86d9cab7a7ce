import { createAwsClients, describeGroups, deleteGroup, type AwsClients } from '../../src';
import { waitUntilDrained } from '../../src/cluster/drain';
import {
  createServedCluster,
  fakeRuntime,
  makeAmi,
  readTraffic,
  useMotoEnv,
  useSeededMoto,
} from '@immutable-actions/test-support';

// Classic ELB connection draining against moto, which holds the ConnectionDraining attribute but drains
// nothing (a deregistered instance is gone at once): the attribute is read as AWS answers it, and a group
// detached first (as delete does) has nothing left to wait for.
const { moto, fixtures, net } = useSeededMoto('cdrain');
let aws: AwsClients;
let restoreEnv: () => void;

beforeAll(() => {
  restoreEnv = useMotoEnv(moto);
  aws = createAwsClients({ maxAttempts: 1 });
});
afterAll(() => {
  aws?.destroy();
  restoreEnv?.();
});

describe('classic ELB connection draining on moto', () => {
  it("an instance the ELB still lists is waited on for the ELB's draining timeout, no longer", async () => {
    const served = await createServedCluster(fixtures, net, {
      cluster: 'cdrain',
      amiId: await makeAmi(fixtures, 'cdrain-1'),
      kind: 'classic-elb',
      desired: 2,
      drainingSeconds: 42,
    });
    const [group] = await describeGroups(aws.autoScaling, [served.group]);
    if (!group) throw new Error('fixture missing');
    // Still registered (never detached): to the ELB it looks the same as draining.
    const runtime = fakeRuntime();
    const start = runtime.clock.now();
    await waitUntilDrained(aws, runtime, group);
    expect(runtime.clock.now() - start).toBe(42_000);
    expect(runtime.lines).toContain(
      "Waiting for cdrain-v000's instances to drain (connection draining 42 s) before they are terminated",
    );
  });

  it('delete detaches first: moto lists nothing afterwards, so there is no wait', async () => {
    const served = await createServedCluster(fixtures, net, {
      cluster: 'cdel',
      amiId: await makeAmi(fixtures, 'cdel-1'),
      kind: 'classic-elb',
      drainingSeconds: 300,
    });
    const [group] = await describeGroups(aws.autoScaling, [served.group]);
    if (!group) throw new Error('fixture missing');
    const runtime = fakeRuntime();
    await deleteGroup(aws, runtime, group);
    expect(runtime.sleeps).toEqual([]);
    const traffic = await readTraffic(fixtures, 'cdel', served);
    expect(traffic.groups).toEqual([]);
    expect(traffic.elbListed).toEqual([]);
  });
});
