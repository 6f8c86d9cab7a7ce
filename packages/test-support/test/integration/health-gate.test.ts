import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  fixtureClients,
  startHealthGate,
  useSeededMoto,
  type FixtureClients,
  type HealthGate,
} from '../../src';

const { moto, fixtures, net } = useSeededMoto('gate');
let gate: HealthGate | undefined;
let viaGate: FixtureClients | undefined;

afterEach(async () => {
  viaGate?.destroy();
  await gate?.stop();
});

async function instances(count: number): Promise<string[]> {
  const run = await fixtures.ec2.send(
    new RunInstancesCommand({
      ImageId: net.baseAmi,
      InstanceType: 't3.micro',
      MinCount: count,
      MaxCount: count,
    }),
  );
  return (run.Instances ?? []).map((i) => i.InstanceId ?? '');
}

const register = (ids: string[]) =>
  fixtures.elbv2.send(
    new RegisterTargetsCommand({ TargetGroupArn: net.targetGroupArn, Targets: ids.map((Id) => ({ Id })) }),
  );

/** Target id → state and reason, as `clients` read them. */
async function health(clients: FixtureClients, ids?: string[]) {
  const answer = await clients.elbv2.send(
    new DescribeTargetHealthCommand({
      TargetGroupArn: net.targetGroupArn,
      ...(ids ? { Targets: ids.map((Id) => ({ Id })) } : {}),
    }),
  );
  return Object.fromEntries(
    (answer.TargetHealthDescriptions ?? []).map((d) => [
      d.Target?.Id ?? '',
      `${d.TargetHealth?.State ?? ''} ${d.TargetHealth?.Reason ?? ''}`.trim(),
    ]),
  );
}

it('closed, targets registered since it closed read initial; open, they read as moto says', async () => {
  const [old, fresh, later] = await instances(3);
  if (!old || !fresh || !later) throw new Error('moto ran fewer than 3 instances');
  await register([old]);
  gate = await startHealthGate({ moto });
  viaGate = fixtureClients({ ...moto, endpoint: gate.endpoint });
  expect(gate.env.AWS_ENDPOINT_URL).toBe(gate.endpoint);
  await register([fresh]);
  const closed = gate;
  // A macrotask later, every promise already resolved has answered.
  const heldYet = () =>
    Promise.race([
      closed.whenHeld().then(() => 'held'),
      new Promise<string>((resolve) => setImmediate(() => resolve('not yet'))),
    ]);
  expect(await heldYet()).toBe('not yet');

  // moto makes both healthy at once; through the closed gate, only the one registered before it closed is.
  expect(await health(fixtures)).toEqual({ [old]: 'healthy', [fresh]: 'healthy' });
  expect(await health(viaGate)).toEqual({ [old]: 'healthy', [fresh]: 'initial Elb.RegistrationInProgress' });
  expect(gate.heldAnswers()).toBe(1);
  expect(await heldYet()).toBe('held');
  // An answer that names no new target is moto's own, and does not count as held.
  expect(await health(viaGate, [old])).toEqual({ [old]: 'healthy' });
  expect(gate.heldAnswers()).toBe(1);

  gate.open();
  expect(await health(viaGate)).toEqual({ [old]: 'healthy', [fresh]: 'healthy' });
  expect(gate.heldAnswers()).toBe(1);

  // Closed again: what is registered now reads as moto says, what comes after is held.
  await gate.close();
  await register([later]);
  expect(await health(viaGate)).toEqual({
    [old]: 'healthy',
    [fresh]: 'healthy',
    [later]: 'initial Elb.RegistrationInProgress',
  });
  expect(gate.heldAnswers()).toBe(2);
});

it('every other call reaches moto and comes back as moto answered it', async () => {
  gate = await startHealthGate({ moto });
  viaGate = fixtureClients({ ...moto, endpoint: gate.endpoint });
  const groups = async (clients: FixtureClients) =>
    (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups;
  expect(await groups(viaGate)).toEqual(await groups(fixtures));
  expect(gate.heldAnswers()).toBe(0);
});
