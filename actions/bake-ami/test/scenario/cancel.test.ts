import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { ChildProcess } from 'node:child_process';
import { runAction, startMoto, type Moto } from '@immutable-actions/test-support';
import { amazonLinux2, ec2In, ownImages, packerTemplate, workspaceWith } from '../packer-fixture';

// A cancelled job: the runner sends SIGINT to the action. Packer must be interrupted (its whole process
// group: panicwrap's parent ignores a lone SIGINT) so it terminates its builder instance and deletes its
// temporary key pair and security group before the step ends.
let moto: Moto;
let ec2: EC2Client;

beforeAll(async () => {
  moto = await startMoto();
  ec2 = ec2In(moto, 'us-east-1');
});

afterAll(async () => {
  ec2?.destroy();
  await moto?.stop();
});

async function builderInstances() {
  const result = await ec2.send(
    new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['Packer Builder'] }] }),
  );
  return (result.Reservations ?? []).flatMap((r) => r.Instances ?? []);
}

it('SIGINT to the action stops Packer mid-build and Packer cleans up after itself', async () => {
  const sourceAmi = await amazonLinux2(ec2);
  // The provisioner keeps Packer busy with its builder instance running, as a real provisioning step would.
  const workspace = workspaceWith({ 'app.pkr.hcl': packerTemplate(moto, { sourceAmi, sleepSeconds: 60 }) });
  let child: ChildProcess | undefined;
  const started = Date.now();
  const running = runAction('bake-ami', {
    inputs: { template: 'app.pkr.hcl', vars: 'version=9.9.9' },
    env: { ...moto.env, GITHUB_WORKSPACE: workspace },
    onSpawn: (spawned) => (child = spawned),
  });

  // Wait until Packer's builder instance is running, then cancel.
  for (;;) {
    const instances = await builderInstances();
    if (instances.some((i) => i.State?.Name === 'running')) break;
    if (Date.now() - started > 30_000) throw new Error('Packer never launched its builder instance');
    await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 500)); // into the provisioner's sleep
  child?.kill('SIGINT');
  const run = await running;
  const elapsed = Date.now() - started;

  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toMatch(/^Cancelled: Packer was interrupted and exited with 1\./);
  expect(run.stdout).toContain('Cancelling build after receiving interrupt');
  expect(run.stdout).toContain('Terminating the source AWS instance');
  // Well before the 60 s provisioner would have finished.
  expect(elapsed).toBeLessThan(30_000);

  const instances = await builderInstances();
  expect(instances.length).toBe(1);
  expect(instances.map((i) => i.State?.Name)).toEqual(['terminated']);
  const keyPairs = (await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [];
  expect(keyPairs.filter((k) => k.KeyName?.startsWith('packer_'))).toEqual([]);
  const groups = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
  expect(groups.filter((g) => g.GroupName?.startsWith('packer_'))).toEqual([]);
  expect(await ownImages(ec2)).toEqual([]);
  expect(run.outputs).toEqual({});
});
